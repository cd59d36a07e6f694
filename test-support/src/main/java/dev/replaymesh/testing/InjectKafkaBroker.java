package dev.replaymesh.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link KafkaBroker} field of a test that uses {@link DedicatedKafka}: the test resource
 * puts its broker there, so the test can {@code stop()} and {@code start()} it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectKafkaBroker {
}
