package io.llmux.tenancy;

/** Whether a tenant's keys may call the gateway. */
public enum TenantStatus { ACTIVE, SUSPENDED }
