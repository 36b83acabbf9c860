package dev.cordon.sandbox;

/** What a service handler needs to know about one request besides its parameters. */
record RequestContext(String requestId, SignatureScope scope, AccountState state) {}
