package dev.replaymesh.capture.nativeimage;

import dev.replaymesh.capture.ingest.EventsResource;
import dev.replaymesh.capture.ingest.RefusalMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Types Jackson writes by reflection that a native image would not see on its own: answers built
 * inside a {@code Response} rather than returned by a resource method.
 */
@RegisterForReflection(targets = {RefusalMapper.ErrorBody.class, EventsResource.ReceiptResponse.class})
final class JsonTypes {

    private JsonTypes() {
    }
}
