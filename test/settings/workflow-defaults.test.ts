import { TERMINATE_SETTINGS } from '../../common/settings/terminate';
import { DEFAULT_COMMAND_TIMEOUT_SECONDS } from '../../workflows/terminate-drain';
import { DEFAULT_IMAGE_POLL_INTERVAL_SECONDS, DEFAULT_IMAGE_TIMEOUT_MINUTES } from '../../workflows/terminate-forensics';
import { DEFAULT_HOOK_HEARTBEAT_INTERVAL_SECONDS } from '../../workflows/terminate-hook';

// The defaults README documents are the definitions' (readme-settings.test.ts); the terminate
// workflow must apply those same defaults when a setting is absent.
test('the terminate workflow applies the defaults its settings are defined with', () => {
  expect({
    hookHeartbeatIntervalSeconds: DEFAULT_HOOK_HEARTBEAT_INTERVAL_SECONDS,
    imageTimeoutMinutes: DEFAULT_IMAGE_TIMEOUT_MINUTES,
    imagePollIntervalSeconds: DEFAULT_IMAGE_POLL_INTERVAL_SECONDS,
    commandTimeoutSeconds: DEFAULT_COMMAND_TIMEOUT_SECONDS,
  }).toEqual({
    hookHeartbeatIntervalSeconds: TERMINATE_SETTINGS.hookHeartbeatIntervalSeconds.default,
    imageTimeoutMinutes: TERMINATE_SETTINGS.forensics.imageTimeoutMinutes.default,
    imagePollIntervalSeconds: TERMINATE_SETTINGS.forensics.imagePollIntervalSeconds.default,
    commandTimeoutSeconds: TERMINATE_SETTINGS.drain.commandTimeoutSeconds.default,
  });
});
