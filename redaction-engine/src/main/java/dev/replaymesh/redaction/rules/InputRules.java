package dev.replaymesh.redaction.rules;

import java.util.List;
import org.jsoup.select.Evaluator;

/**
 * How input values are treated. Password values are masked whatever these say.
 *
 * @param maskAll mask every input, textarea and select value unless allowed
 * @param allow   selectors of inputs whose values are kept (patterns still apply)
 */
public record InputRules(boolean maskAll, List<Evaluator> allow) {
}
