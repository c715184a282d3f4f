/** What the drain asks of a monitoring system; one implementation per product (Zabbix today). */
export interface MonitoringSystem {
  readonly name: string;
  /** Deletes or disables the host. A host already absent (or already disabled) is success. */
  removeHost(hostName: string, action: HostRemovalAction): Promise<HostRemoval>;
}

export type HostRemovalAction = 'delete' | 'disable';

export interface HostRemoval {
  outcome: 'deleted' | 'disabled' | 'already-absent' | 'already-disabled';
  hostId?: string;
}
