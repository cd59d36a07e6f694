package dev.replaymesh.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link S3Server} field of a test that uses {@link DedicatedS3}: the test resource
 * puts its server there, so the test can {@code stop()} and {@code start()} it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectS3Server {
}
