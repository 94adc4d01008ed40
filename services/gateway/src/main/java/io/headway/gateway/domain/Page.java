package io.headway.gateway.domain;

import java.util.List;

/**
 * One page of a list; {@code next} is the cursor for the following page, null on the last one.
 */
public record Page<T>(List<T> items, String next) {
}
