// A bundle as a Kubernetes Indexed Job (batch/v1): one completion index per bundle task, the
// bundle on a persistent volume every pod mounts, and each pod running run-bundle, which reads
// its task from JOB_COMPLETION_INDEX. Rendered only; AMR Studio does not talk to a cluster's API.
import { AppError } from '../../../../shared/errors.ts';

export interface IndexedJobInput {
  /** metadata.name: a DNS-1123 label */
  name: string;
  namespace?: string;
  bundleId: string;
  taskCount: number;
  /** pods at once (default: every task) */
  parallelism?: number;
  /** an image holding Node and AMR Studio, its CLI on PATH or named by amrStudio */
  image: string;
  amrStudio: readonly string[];
  /** the persistent volume claim holding the bundles, and where pods mount it */
  claimName: string;
  mountPath: string;
  /** the bundle folder inside the pods */
  bundleDir: string;
  cpu: number;
  /** memory request and limit, in Kubernetes' quantity form (4Gi) */
  memory?: string;
  /** NVIDIA GPUs per pod, through the device plugin's nvidia.com/gpu resource */
  gpus?: number;
}

const dns1123Label = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const quantity = /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E|m)?$/;

export function indexedJobManifest(o: IndexedJobInput): Record<string, unknown> {
  if (!dns1123Label.test(o.name)) throw new AppError('VALIDATION', `Kubernetes job name '${o.name}': lower-case letters, digits and '-', at most 63 characters`);
  if (o.memory !== undefined && !quantity.test(o.memory)) throw new AppError('VALIDATION', `--mem '${o.memory}' is not a Kubernetes quantity (e.g. 4Gi)`);
  if (!o.image) throw new AppError('VALIDATION', 'a Kubernetes job needs an --image holding Node and AMR Studio');
  const labels = { 'app.kubernetes.io/name': 'amr-studio', 'amr-studio/bundle': o.bundleId };
  const limits: Record<string, string | number> = { ...(o.memory ? { memory: o.memory } : {}), ...(o.gpus ? { 'nvidia.com/gpu': o.gpus } : {}) };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: o.name, ...(o.namespace ? { namespace: o.namespace } : {}), labels },
    spec: {
      completionMode: 'Indexed',
      completions: o.taskCount,
      parallelism: Math.min(o.parallelism ?? o.taskCount, o.taskCount),
      // like a Slurm array task: a failed index is not retried and does not stop the others;
      // collect reports it from its receipt or its absence
      backoffLimitPerIndex: 0,
      maxFailedIndexes: o.taskCount,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: 'task',
              image: o.image,
              command: [...o.amrStudio, 'run-bundle', o.bundleDir],
              // the working copy of the bundle's data goes on the pod's own disk
              env: [{ name: 'TMPDIR', value: '/scratch' }],
              resources: { requests: { cpu: String(o.cpu), ...(o.memory ? { memory: o.memory } : {}) }, ...(Object.keys(limits).length ? { limits } : {}) },
              volumeMounts: [
                { name: 'bundles', mountPath: o.mountPath },
                { name: 'scratch', mountPath: '/scratch' },
              ],
            },
          ],
          volumes: [
            { name: 'bundles', persistentVolumeClaim: { claimName: o.claimName } },
            { name: 'scratch', emptyDir: {} },
          ],
        },
      },
    },
  };
}
