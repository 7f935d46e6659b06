package io.veriregime.runtime.execution;

import java.io.Serializable;

/**
 * One unit of a job.
 *
 * @param id stable and readable (a sweep variant's id, {@code samples-0-15}); failures name it
 * @param description what it covers, for the failure message (the windows of a share, the overrides of a variant)
 * @param input what the job's function is applied to
 */
public record Task<T>(String id, String description, T input) implements Serializable {}
