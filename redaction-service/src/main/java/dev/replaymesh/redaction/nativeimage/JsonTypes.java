package dev.replaymesh.redaction.nativeimage;

import dev.replaymesh.redaction.report.ReportRecord;
import dev.replaymesh.redaction.report.RuleCount;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Types Jackson reads or writes by reflection in the libraries this service uses (plain jars,
 * which a native image build does not scan for Jackson): the redaction report record, and the
 * rule file the engine reads from YAML (package-private there, hence by name).
 */
@RegisterForReflection(targets = {ReportRecord.class, RuleCount.class},
        classNames = {"dev.replaymesh.redaction.rules.RuleFile", "dev.replaymesh.redaction.rules.RuleFile$Selector",
                "dev.replaymesh.redaction.rules.RuleFile$Inputs", "dev.replaymesh.redaction.rules.RuleFile$Pattern",
                "dev.replaymesh.redaction.rules.RuleFile$Network", "dev.replaymesh.redaction.rules.RuleFile$Drop",
                "dev.replaymesh.redaction.rules.RuleFile$Project"})
final class JsonTypes {

    private JsonTypes() {
    }
}
