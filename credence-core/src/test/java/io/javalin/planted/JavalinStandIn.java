package io.javalin.planted;

/** Stands in for Javalin, which credence-core's tests do not have. */
public final class JavalinStandIn {}
