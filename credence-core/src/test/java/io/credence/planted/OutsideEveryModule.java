package io.credence.planted;

/** A class under io.credence that belongs to no listed module. */
public final class OutsideEveryModule {}
