package dev.replaymesh.capture.service;

/**
 * What capture tells a client once every event of its batch is durable in Kafka.
 *
 * @param accepted     number of events written
 * @param firstOffset  log position of the first event (the Kafka offset in the session's partition)
 * @param lastOffset   log position of the last event; positions only grow within a session
 * @param highestClientSeq highest sequence number the client gave the events, 0 if it gave none
 */
public record Receipt(int accepted, long firstOffset, long lastOffset, long highestClientSeq) {
}
