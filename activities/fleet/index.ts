import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { log } from '@temporalio/activity';
import { FLEET_QUERIES, type FleetEvidence, type FleetStateView } from '../../common/terminate';
import { workflowIds } from '../../common/workflow-ids';

export interface FleetActivityDeps {
  /** Client of the worker's own namespace; absent when the worker was built without one. */
  temporalClient?: Client;
}

/**
 * The terminate workflow's question to the fleet entity, asked as a query from an
 * activity: the answer lands in the terminate workflow's history (replay stays
 * deterministic) and no reply protocol between two workflows is needed.
 */
export function createFleetActivities({ temporalClient }: FleetActivityDeps) {
  return {
    async askFleet(fleetName: string): Promise<FleetEvidence> {
      if (!temporalClient) {
        return { status: 'unavailable', error: 'the worker has no Temporal client to ask the fleet workflow' };
      }
      try {
        const view = await temporalClient.workflow
          .getHandle(workflowIds.fleet(fleetName))
          .query<FleetStateView>(FLEET_QUERIES.state);
        return {
          status: 'answered',
          currentAutoScalingGroupName: view.currentAutoScalingGroupName,
          releaseWindowOpen: view.releaseWindowOpen,
          releaseWindow: view.releaseWindow,
          lastClosedReleaseWindow: view.lastClosedReleaseWindow,
        };
      } catch (err) {
        // No launch was ever observed for this fleet: nothing says the ASG was replaced.
        if (err instanceof WorkflowNotFoundError) {
          log.warn('fleet workflow not found', { fleetName });
          return { status: 'no-fleet-record' };
        }
        throw err;
      }
    },
  };
}

export type FleetActivities = ReturnType<typeof createFleetActivities>;
