import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  defaultResource,
  detectResources,
  hostDetector,
  osDetector,
  processDetector,
  resourceAttributesEnvDetector,
  resourceFromAttributes,
  serviceInstanceIdDetector,
} from '@opentelemetry/resources';
import type { DetectedResource, Resource, ResourceDetector } from '@opentelemetry/resources';
import {
  ATTR_DEPLOYMENT_ENVIRONMENT_NAME,
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_VERSION,
  ATTR_TELEMETRY_DISTRO_NAME,
  ATTR_TELEMETRY_DISTRO_VERSION,
} from '@opentelemetry/semantic-conventions';
import type { Config } from '../config/index.js';
import { DISTRO_NAME, VERSION } from './version.js';

/**
 * The resource: SDK defaults, host/os/process detectors, the service's name
 * and version (OTEL_SERVICE_NAME, else the application's package.json),
 * deployment.environment.name from ENVIRONMENT, the distro, and
 * OTEL_RESOURCE_ATTRIBUTES, which wins over everything but OTEL_SERVICE_NAME.
 * process.command_args is left out unless VIGIL_CAPTURE_COMMAND_ARGS is set:
 * an application's arguments carry passwords and patient ids, and the
 * resource goes to /metrics (target_info) and into every OTLP request.
 */
export function buildResource(config: Config, entry = process.argv[1]): Resource {
  const app = findAppPackage(entry);
  const own: Record<string, string> = {
    [ATTR_TELEMETRY_DISTRO_NAME]: DISTRO_NAME,
    [ATTR_TELEMETRY_DISTRO_VERSION]: VERSION,
  };
  if (app?.name) own[ATTR_SERVICE_NAME] = app.name;
  if (app?.version) own[ATTR_SERVICE_VERSION] = app.version;
  if (config.environment) own[ATTR_DEPLOYMENT_ENVIRONMENT_NAME] = config.environment;

  let resource = defaultResource()
    .merge(detectResources({ detectors: [serviceInstanceIdDetector, hostDetector, osDetector, config.captureCommandArgs ? processDetector : processWithoutArgs] }))
    .merge(resourceFromAttributes(own))
    .merge(detectResources({ detectors: [resourceAttributesEnvDetector] }));
  if (config.serviceName) resource = resource.merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.serviceName }));
  return resource;
}

// Incubating in semantic-conventions: copied, as upstream advises.
const ATTR_PROCESS_COMMAND_ARGS = 'process.command_args';

/** The upstream process detector minus the command line; process.command (the script path) stays. */
const processWithoutArgs: ResourceDetector = {
  detect(detectConfig): DetectedResource {
    const { [ATTR_PROCESS_COMMAND_ARGS]: _args, ...attributes } = processDetector.detect(detectConfig).attributes ?? {};
    return { attributes };
  },
};

interface AppPackage {
  name?: string;
  version?: string;
}

/** The nearest package.json above the entry script, else above the working directory. */
export function findAppPackage(entry: string | undefined): AppPackage | undefined {
  let dir = entry ? dirname(resolve(entry)) : process.cwd();
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as AppPackage;
        return pkg;
      } catch {
        return undefined;
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
