import { MalformedEventError } from '../../starters/events/parse-event';
import { lookupEventFacts, LookupUnavailableError } from '../../starters/routing/event-facts';
import { route, SourceGroupRequiredError } from '../../starters/routing/route';
import { parseEvent } from '../../starters/events/parse-event';
import { isIgnored, type RouteResult, type Routed } from '../../starters/routing/start-request';
import { configFrom, fixture } from './fixtures';

// Two fleets in one region whose markers share a prefix: the case where the first fleet used to win.
const config = configFrom(`
version: 1
fleets:
  - name: web
    match: { prefix: web-prod- }
    regions: [ap-northeast-1]
    goldenImage: { launchTemplateIdParameter: /web/lt, marker: EC2_BACKUP }
  - name: api
    match: { prefix: api-prod- }
    goldenImage: { launchTemplateIdParameter: /api/lt, marker: EC2_BACKUP_API }
  - name: batch
    match: { glob: "batch-??" }
    terminate: {}
`);

type ImageEvent = { region: string; detail: { awsRegion: string; requestParameters: Record<string, string> } };

function imageEvent(description: string): ImageEvent {
  const event = fixture<ImageEvent>('cloudtrail-create-image.json');
  event.detail.requestParameters.description = description;
  return event;
}

function routed(result: RouteResult): Routed {
  if (isIgnored(result)) throw new Error(`expected starts, got ignored: ${result.ignored}`);
  return result;
}

describe('a backup image goes to the fleet of its source instance', () => {
  test("an api image whose marker contains the web fleet's marker goes to the api fleet's template", () => {
    const result = routed(route(imageEvent('Created for policy: policy-0abc schedule: Default EC2_BACKUP_API'), config, { sourceGroup: 'api-prod-ApiAsg-1' }));

    expect(result.fleet).toBe('api');
    expect(result.starts[0]!.args[0]).toMatchObject({ settings: { launchTemplateIdParameter: '/api/lt' } });
    expect(result.starts[0]!.memo).toMatchObject({ instanceId: 'i-0a1b2c3d4e5f67890', autoScalingGroupName: 'api-prod-ApiAsg-1' });
  });

  test("an image from a web instance carrying only the api fleet's marker is not the web fleet's backup", () => {
    const result = route(imageEvent('schedule: Default EC2_BACKUP_API'), config, { sourceGroup: 'web-prod-WebAsg-1' });

    expect(result).toEqual({
      eventId: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
      ignored:
        'image ami-0c55b159cbfafe1f0 of i-0a1b2c3d4e5f67890 in web-prod-WebAsg-1 (fleet web): the description does not carry the marker EC2_BACKUP as a word, so it is not a backup image',
    });
  });

  test('the marker counts only as a whole word', () => {
    const web = { sourceGroup: 'web-prod-WebAsg-1' };

    expect(isIgnored(route(imageEvent('EC2_BACKUPS daily'), config, web))).toBe(true);
    expect(isIgnored(route(imageEvent('XEC2_BACKUP'), config, web))).toBe(true);
    expect(isIgnored(route(imageEvent('(EC2_BACKUP)'), config, web))).toBe(false);
    expect(isIgnored(route(imageEvent('EC2_BACKUP_API, and EC2_BACKUP'), config, web))).toBe(false);
  });

  test('an image of an instance in no Auto Scaling group is ignored with that reason', () => {
    expect(route(imageEvent('EC2_BACKUP'), config, { sourceGroup: null })).toMatchObject({
      ignored: expect.stringContaining('the instance is in no Auto Scaling group (no aws:autoscaling:groupName tag), so in no fleet'),
    });
  });

  test('an image of an instance whose group no fleet selects says so', () => {
    expect(route(imageEvent('EC2_BACKUP'), config, { sourceGroup: 'legacy-asg' })).toMatchObject({
      ignored: 'image ami-0c55b159cbfafe1f0 of i-0a1b2c3d4e5f67890: no fleet selects Auto Scaling group legacy-asg',
    });
  });

  test('an image in a region the fleet excludes says that, not that the marker is missing', () => {
    const event = imageEvent('EC2_BACKUP');
    event.region = event.detail.awsRegion = 'us-east-1';

    expect(route(event, config, { sourceGroup: 'web-prod-WebAsg-1' })).toMatchObject({
      ignored: expect.stringContaining('fleet web selects Auto Scaling group web-prod-WebAsg-1 only in ap-northeast-1, and this event is from us-east-1'),
    });
  });

  test('an image from a fleet without goldenImage settings says so', () => {
    expect(route(imageEvent('EC2_BACKUP'), config, { sourceGroup: 'batch-01' })).toMatchObject({
      ignored: expect.stringContaining('(fleet batch): the fleet has no goldenImage settings'),
    });
  });

  test('routing an image without its looked-up source group is a caller error, never a guess', () => {
    expect(() => route(imageEvent('EC2_BACKUP'), config)).toThrow(SourceGroupRequiredError);
  });

  test('a successful CreateImage without its source instance is malformed, naming the field', () => {
    const event = imageEvent('EC2_BACKUP');
    delete event.detail.requestParameters.instanceId;

    expect(() => route(event, config, { sourceGroup: 'web-prod-WebAsg-1' })).toThrow(MalformedEventError);
    expect(() => route(event, config, { sourceGroup: 'web-prod-WebAsg-1' })).toThrow('detail.requestParameters.instanceId: missing on a successful CreateImage call');
  });
});

describe('looking the source group up', () => {
  test("the instance's group is asked for in the event's region, and its stack only when a stackName rule is reached", async () => {
    const asked: string[] = [];
    const withStacks = configFrom(`
version: 1
fleets:
  - { name: web, match: { prefix: web-prod- }, goldenImage: { launchTemplateIdParameter: /web/lt } }
  - { name: api, match: { stackName: api-prod }, goldenImage: { launchTemplateIdParameter: /api/lt } }
`);
    const lookups = {
      sourceGroup: async (instanceId: string, region: string) => {
        asked.push(`group ${instanceId} ${region}`);
        return 'api-prod-ApiAsg-1';
      },
      stackName: async (group: string) => {
        asked.push(`stack ${group}`);
        return 'api-prod';
      },
    };

    const parsed = parseEvent(imageEvent('EC2_BACKUP'));
    const facts = await lookupEventFacts(parsed, withStacks, lookups);

    expect(asked).toEqual(['group i-0a1b2c3d4e5f67890 ap-northeast-1', 'stack api-prod-ApiAsg-1']);
    expect(facts).toEqual({ sourceGroup: 'api-prod-ApiAsg-1', stackName: 'api-prod' });
    expect(routed(route(imageEvent('EC2_BACKUP'), withStacks, facts)).fleet).toBe('api');
  });

  test('without a way to look the group up, the event fails with a message saying what is missing', async () => {
    await expect(lookupEventFacts(parseEvent(imageEvent('EC2_BACKUP')), config, {})).rejects.toThrow(LookupUnavailableError);
  });

  test('a config without goldenImage fleets never asks', async () => {
    const none = configFrom('version: 1\nfleets: [{ name: b, match: { prefix: web- }, terminate: {} }]\n');
    const facts = await lookupEventFacts(parseEvent(imageEvent('EC2_BACKUP')), none, {});

    expect(facts).toEqual({});
    expect(route(imageEvent('EC2_BACKUP'), none, facts)).toMatchObject({ ignored: expect.stringContaining('no fleet rolls out golden images') });
  });
});
