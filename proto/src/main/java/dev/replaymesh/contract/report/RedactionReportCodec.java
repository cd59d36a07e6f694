package dev.replaymesh.contract.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/** JSON of {@link RedactionReport}: unknown fields are tolerated, an unknown major refused. */
public final class RedactionReportCodec {

    private final ObjectMapper json = JsonMapper.builder()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .build();

    public byte[] write(RedactionReport report) {
        try {
            return json.writeValueAsBytes(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a report could not be written", e);
        }
    }

    /** @throws IllegalArgumentException if it is not a report this reader understands */
    public RedactionReport read(byte[] data) {
        RedactionReport report;
        try {
            report = json.readValue(data, RedactionReport.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a redaction report: " + e.getMessage(), e);
        }
        if (report.v() != RedactionReport.VERSION) {
            throw new IllegalArgumentException("redaction report version " + report.v() + ", this reader knows "
                    + RedactionReport.VERSION);
        }
        if (report.sessionId() == null || report.project() == null) {
            throw new IllegalArgumentException("redaction report without project or session");
        }
        return report;
    }
}
