package dev.cordon.sandbox;

/** Per-request data a service handler uses besides the parameters. */
record RequestContext(String requestId, SignatureScope scope, AccountState state) {}
