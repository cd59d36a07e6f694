package dev.replaymesh.storage.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.replaymesh.contract.EventTypes;
import dev.replaymesh.format.session.Activity;
import dev.replaymesh.proto.v1.Event;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActivityTrackerTest {

    private final ActivityTracker tracker = new ActivityTracker(Activity.NONE);

    @Test
    void countsClicksAndTapsWhereverTheirFieldsStand() {
        add(EventTypes.INCREMENTAL_SNAPSHOT, 1000, "{\"type\":3,\"data\":{\"source\":2,\"type\":2,\"id\":7,\"x\":1,\"y\":2}}");
        // Fields in another order, and data before the event type.
        add(EventTypes.INCREMENTAL_SNAPSHOT, 1100, "{\"data\":{\"id\":7,\"type\":9,\"x\":1,\"source\":2},\"type\":3}");
        // A mouse-down is input but no click.
        add(EventTypes.INCREMENTAL_SNAPSHOT, 1200, "{\"type\":3,\"data\":{\"source\":2,\"type\":1,\"id\":7}}");
        // A mutation whose body holds what looks like a click: never read.
        add(EventTypes.INCREMENTAL_SNAPSHOT, 1300,
                "{\"type\":3,\"data\":{\"source\":0,\"adds\":[{\"source\":2,\"type\":2}],\"texts\":[]}}");

        Activity a = tracker.snapshot();
        assertThat(a.clicks()).isEqualTo(2);
        assertThat(a.activeMs()).isEqualTo(200); // the mutation is not input
    }

    @Test
    void readsPagesErrorsAndTheEndEvent() {
        add(EventTypes.META, 0, "{\"type\":4,\"data\":{\"href\":\"https://a.example/x\",\"width\":800,\"height\":600}}");
        add(EventTypes.META, 1, "{\"type\":4,\"data\":{\"width\":800,\"href\":\"https://a.example/y\"}}");
        add(EventTypes.PLUGIN, 2,
                "{\"type\":6,\"data\":{\"plugin\":\"rrweb/console@1\",\"payload\":{\"level\":\"error\",\"payload\":[\"x\"]}}}");
        add(EventTypes.PLUGIN, 3,
                "{\"type\":6,\"data\":{\"payload\":{\"trace\":[],\"level\":\"error\"},\"plugin\":\"rrweb/console@1\"}}");
        add(EventTypes.PLUGIN, 4, "{\"type\":6,\"data\":{\"plugin\":\"rrweb/console@1\",\"payload\":{\"level\":\"warn\"}}}");
        add(EventTypes.PLUGIN, 5, "{\"type\":6,\"data\":{\"plugin\":\"other@1\",\"payload\":{\"level\":\"error\"}}}");
        assertThat(add(EventTypes.CUSTOM, 6, "{\"type\":5,\"data\":{\"tag\":\"checkout\",\"payload\":{}}}")).isFalse();
        assertThat(add(EventTypes.CUSTOM, 7, "{\"type\":5,\"data\":{\"payload\":{},\"tag\":\"" + EventTypes.SESSION_END_TAG
                + "\"}}")).isTrue();

        Activity a = tracker.snapshot();
        assertThat(a.urls()).isEqualTo(List.of("https://a.example/x", "https://a.example/y"));
        assertThat(a.errors()).isEqualTo(2);
    }

    @Test
    void damagedJsonCountsForNothing() {
        assertThat(add(EventTypes.CUSTOM, 0, "{\"type\":5,\"data\":{\"tag\":")).isFalse();
        add(EventTypes.INCREMENTAL_SNAPSHOT, 1, "not json");
        add(EventTypes.INCREMENTAL_SNAPSHOT, 2, "{\"type\":3,\"data\":{\"source\":\"2\",\"type\":2}}");
        assertThat(tracker.snapshot()).isEqualTo(Activity.NONE);
    }

    private boolean add(int type, long ts, String json) {
        return tracker.add(Event.newBuilder().setEventType(type).setClientTimestampMs(ts)
                .setPayload(ByteString.copyFromUtf8(json)).build());
    }
}
