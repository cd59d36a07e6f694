package dev.replaymesh.storage.nativeimage;

import dev.replaymesh.contract.report.RedactionReport;
import dev.replaymesh.contract.report.RuleCount;
import dev.replaymesh.format.session.Activity;
import dev.replaymesh.format.session.ChunkEntry;
import dev.replaymesh.format.session.IngestState;
import dev.replaymesh.format.session.Manifest;
import dev.replaymesh.format.session.RedactionSummary;
import dev.replaymesh.format.session.RuleTotal;
import dev.replaymesh.format.session.SnapshotRef;
import dev.replaymesh.storage.deletion.DeletionRequest;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Types Jackson reads or writes by reflection in the libraries this service uses (plain jars,
 * which a native image build does not scan for Jackson): the session manifest, redaction reports,
 * deletion requests, the dictionary pointer (package-private, hence by name).
 */
@RegisterForReflection(targets = {Manifest.class, ChunkEntry.class, SnapshotRef.class, IngestState.class,
        Activity.class, RedactionSummary.class, RuleTotal.class, RedactionReport.class, RuleCount.class,
        DeletionRequest.class},
        classNames = {"dev.replaymesh.store.dictionary.DictionaryStore$Current"})
final class JsonTypes {

    private JsonTypes() {
    }
}
