package io.llmux.tenancy;

import java.util.List;

/** One page of a list, and the opaque token of the next page (null on the last). */
public record Page<T>(List<T> items, String nextToken) {
}
