package dev.replaymesh.redaction.rules;

/** A rules file that cannot be used; the message names the rule and what is wrong with it. */
public class InvalidRulesException extends RuntimeException {

    public InvalidRulesException(String message) {
        super(message);
    }

    public InvalidRulesException(String message, Throwable cause) {
        super(message, cause);
    }
}
