package dev.replaymesh.playback.nativeimage;

import dev.replaymesh.format.portable.PackageFile;
import dev.replaymesh.format.portable.PackageManifest;
import dev.replaymesh.format.portable.PackagedSession;
import dev.replaymesh.format.portable.Signer;
import dev.replaymesh.format.portable.WindowRun;
import dev.replaymesh.format.session.Activity;
import dev.replaymesh.format.session.ChunkEntry;
import dev.replaymesh.format.session.IngestState;
import dev.replaymesh.format.session.Manifest;
import dev.replaymesh.format.session.RedactionSummary;
import dev.replaymesh.format.session.RuleTotal;
import dev.replaymesh.format.session.SnapshotRef;
import dev.replaymesh.playback.importing.ImportResult;
import dev.replaymesh.playback.rest.ProblemMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Types Jackson reads or writes by reflection that a native image would not see on its own: the
 * session manifest and the package manifest (from plain library jars), an import's origin,
 * errors written inside a streamed body, the dictionary pointer (package-private, hence by name).
 */
@RegisterForReflection(targets = {Manifest.class, ChunkEntry.class, SnapshotRef.class, IngestState.class,
        Activity.class, RedactionSummary.class, RuleTotal.class, PackageManifest.class, PackagedSession.class,
        PackageFile.class, WindowRun.class, Signer.class, ImportResult.class, ImportResult.Origin.class,
        ImportResult.Signature.class, ProblemMapper.ErrorBody.class},
        classNames = {"dev.replaymesh.store.dictionary.DictionaryStore$Current"})
final class JsonTypes {

    private JsonTypes() {
    }
}
