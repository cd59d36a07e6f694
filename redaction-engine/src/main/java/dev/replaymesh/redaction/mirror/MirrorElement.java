package dev.replaymesh.redaction.mirror;

import org.jsoup.nodes.Attributes;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Tag;

/** An element of the mirror, carrying the rrweb node id it stands for. */
final class MirrorElement extends Element {

    final int nodeId;
    /** Cached protection; null until asked for or after a change that may alter it. */
    Protection protection;
    /** Ids of the text, comment and CDATA nodes directly inside; null when there are none. */
    java.util.List<Integer> leaves;

    MirrorElement(int nodeId, String tagName, Attributes attributes) {
        super(Tag.valueOf(tagName), "", attributes);
        this.nodeId = nodeId;
    }
}
