/**
 * The events of every Leadline topic, as plain Java records. Each service owns the events in the package
 * named after it; {@link io.leadline.contracts.Topics} and {@link io.leadline.contracts.EventTypes} tie
 * them to topics and CloudEvents types. No Spring here: any JVM consumer can depend on this module.
 */
package io.leadline.contracts;
