package io.credence.app.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The whole numbers a numeric option or parameter accepts, both ends included. Every command's
 * values, defaults too, are checked against it before the command runs; a value outside is refused
 * with exit code 2, naming the option, the range and the value found ({@link Arguments}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@interface Range {
  long min();

  long max();

  /** The unit, said after the range ("seconds"); empty for a plain count. */
  String unit() default "";
}
