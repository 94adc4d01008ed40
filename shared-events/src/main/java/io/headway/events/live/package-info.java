/**
 * The live views the platform derives from the events and serves to clients: a tenant's queue, a batch's progress, a
 * job's log tail. Where the services keep them (Redis) is not part of this contract; see the {@code live-store}
 * module.
 */
package io.headway.events.live;



