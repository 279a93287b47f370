package jp.jcstar.lint;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Lets the annotated code use an API the build's forbidden-apis check refuses (the root pom names the
 * signature lists). Only where the forbidden API is the point, e.g. a command whose output is its job;
 * say why next to it.
 */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
public @interface SuppressForbidden {
    /** Why the forbidden API is right here. */
    String value();
}
