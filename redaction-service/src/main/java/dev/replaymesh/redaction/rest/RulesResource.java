package dev.replaymesh.redaction.rest;

import dev.replaymesh.redaction.rules.RuleSet;
import dev.replaymesh.redaction.rules.RulesHolder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Rules admin: which rule set is in force, and reload the rules file now. */
@Path("/v1/rules")
@Produces(MediaType.APPLICATION_JSON)
public class RulesResource {

    private final RulesHolder rules;

    public RulesResource(RulesHolder rules) {
        this.rules = rules;
    }

    @GET
    public RulesInForce current() {
        return RulesInForce.of(rules.current(), rules);
    }

    @POST
    @Path("/reload")
    public RulesInForce reload() {
        return RulesInForce.of(rules.reload(), rules);
    }

    /** {@code {"id":"default-1@…","source":"…","selectors":3,"patterns":6,"lastError":null}} */
    public record RulesInForce(String id, String source, int selectors, String lastError) {
        static RulesInForce of(RuleSet set, RulesHolder holder) {
            return new RulesInForce(set.id(), holder.source(), set.selectors().size(), holder.lastError());
        }
    }
}
