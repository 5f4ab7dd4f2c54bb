using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace CalicoIpam.Core.Clusters;

/// <summary>
/// Deployments and their ReplicaSets: the deployment controller's rolling update and the
/// ReplicaSet controller's replacement of deleted pods (kubernetes pkg/controller/deployment
/// and replicaset), reduced to what decides which pods exist and in what order they come and go.
/// </summary>
public sealed partial class Cluster
{
    private readonly SortedDictionary<(string Namespace, string Name), Deployment> _deployments = new(PodKeyComparer.Instance);
    private readonly SortedDictionary<(string Namespace, string Name), ReplicaSet> _replicaSets = new(PodKeyComparer.Instance);
    // Which deployment owns each ReplicaSet, each deployment's sets, and each set's pods:
    // kept so that a sync never walks every pod or every set of the cluster.
    private readonly Dictionary<(string Namespace, string Name), string> _replicaSetOwners = new();
    private readonly Dictionary<(string Namespace, string Name), List<string>> _replicaSetsByDeployment = new();
    private readonly Dictionary<(string Namespace, string Name), SortedSet<string>> _podsByReplicaSet = new();
    // Told of each pod a sync creates, during one CreateDeployment or UpdateDeployment call.
    private Action<int>? _podsCreated;
    private int _podsCreatedCount;

    public IReadOnlyList<Deployment> GetDeployments(string? ns = null)
    {
        lock (_gate)
        {
            return _deployments.Values.Where(d => ns is null || d.Namespace == ns).Select(WithStatus).ToArray();
        }
    }

    public Deployment? FindDeployment(string ns, string name)
    {
        lock (_gate)
        {
            return _deployments.TryGetValue((ns, name), out var d) ? WithStatus(d) : null;
        }
    }

    public IReadOnlyList<ReplicaSet> GetReplicaSets(string? ns = null)
    {
        lock (_gate)
        {
            return _replicaSets.Values.Where(r => ns is null || r.Namespace == ns).ToArray();
        }
    }

    /// <summary>Creates a Deployment (apps/v1); its ReplicaSet and pods follow at once.</summary>
    public Deployment CreateDeployment(DeploymentSpec spec, Action<int>? podsCreated = null)
    {
        var selector = spec.Selector ?? spec.Template.Labels;
        ValidateDeployment(spec, selector);
        lock (_gate)
        {
            if (!_namespaces.ContainsKey(spec.Namespace))
            {
                throw ResourceNotFoundException.Kubernetes("Namespace", "namespaces", spec.Namespace);
            }
            if (_deployments.ContainsKey((spec.Namespace, spec.Name)))
            {
                throw ResourceAlreadyExistsException.Kubernetes("Deployment", "deployments.apps", spec.Name);
            }
            var deployment = new Deployment
            {
                Name = spec.Name,
                Namespace = spec.Namespace,
                Replicas = spec.Replicas,
                Template = spec.Template,
                Selector = Labels.Copy(selector),
                Labels = Labels.Copy(spec.Labels),
                CreationTimestamp = Tick(),
                Cluster = this,
            };
            _deployments.Add((spec.Namespace, spec.Name), deployment);
            SyncReporting(spec.Namespace, spec.Name, podsCreated);
            return WithStatus(_deployments[(spec.Namespace, spec.Name)]);
        }
    }

    /// <summary>Changes a Deployment's replicas and/or template; a new template rolls out.</summary>
    public Deployment UpdateDeployment(string ns, string name, Func<Deployment, Deployment> change, Action<int>? podsCreated = null)
    {
        lock (_gate)
        {
            if (!_deployments.TryGetValue((ns, name), out var old))
            {
                throw ResourceNotFoundException.Kubernetes("Deployment", "deployments.apps", name);
            }
            var updated = change(old);
            ValidateDeployment(new DeploymentSpec { Namespace = ns, Name = name, Replicas = updated.Replicas, Template = updated.Template, Selector = updated.Selector }, updated.Selector);
            _deployments[(ns, name)] = updated with { Name = old.Name, Namespace = old.Namespace, Selector = old.Selector, CreationTimestamp = old.CreationTimestamp, Cluster = this };
            Tick();
            SyncReporting(ns, name, podsCreated);
            return WithStatus(_deployments[(ns, name)]);
        }
    }

    /// <summary>kubectl rollout restart: a restartedAt annotation on the template, so it rolls out.</summary>
    public Deployment RestartDeployment(string ns, string name) =>
        UpdateDeployment(ns, name, d => d with
        {
            Template = d.Template with
            {
                Annotations = Labels.Copy(d.Template.Annotations.Concat(new[]
                {
                    new KeyValuePair<string, string>("kubectl.kubernetes.io/restartedAt",
                        Clock.Now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
                }).GroupBy(p => p.Key).Select(g => g.Last())),
            },
        });

    /// <summary>Deletes a Deployment, its ReplicaSets and their pods (foreground cascade).</summary>
    public Deployment DeleteDeployment(string ns, string name)
    {
        lock (_gate)
        {
            if (!_deployments.TryGetValue((ns, name), out var deployment))
            {
                throw ResourceNotFoundException.Kubernetes("Deployment", "deployments.apps", name);
            }
            _deployments.Remove((ns, name));
            foreach (var rs in ReplicaSetsOf(ns, name).ToList())
            {
                foreach (var pod in PodsOf(rs))
                {
                    RemovePodLocked(pod);
                }
                _replicaSets.Remove((ns, rs.Name));
                _replicaSetOwners.Remove((ns, rs.Name));
                _podsByReplicaSet.Remove((ns, rs.Name));
            }
            _replicaSetsByDeployment.Remove((ns, name));
            RetryWaitingPods();
            RetryUnscheduledPods();
            return deployment;
        }
    }

    private void SyncReporting(string ns, string name, Action<int>? podsCreated)
    {
        _podsCreated = podsCreated;
        _podsCreatedCount = 0;
        try
        {
            SyncDeployment(ns, name);
        }
        finally
        {
            _podsCreated = null;
        }
    }

    private static void ValidateDeployment(DeploymentSpec spec, IReadOnlyDictionary<string, string> selector)
    {
        ObjectMetaValidator.Validate("Deployment.apps", spec.Name, KubernetesNames.CheckSubdomain, spec.Labels, null);
        var errors = new List<KubernetesFieldError>();
        if (spec.Replicas < 0)
        {
            errors.Add(KubernetesFieldError.InvalidNumber("spec.replicas", spec.Replicas, "must be greater than or equal to 0"));
        }
        if (selector.Count == 0)
        {
            errors.Add(KubernetesFieldError.Required("spec.selector", ""));
        }
        else if (!selector.All(p => spec.Template.Labels.TryGetValue(p.Key, out var v) && v == p.Value))
        {
            errors.Add(KubernetesFieldError.InvalidMap("spec.template.metadata.labels", spec.Template.Labels, "`selector` does not match template `labels`"));
        }
        foreach (var pair in spec.Template.Labels)
        {
            errors.AddRange(KubernetesNames.CheckLabelKey(pair.Key).Select(e => KubernetesFieldError.Invalid("spec.template.labels", pair.Key, e)));
            errors.AddRange(KubernetesNames.CheckLabelValue(pair.Value).Select(e => KubernetesFieldError.Invalid("spec.template.labels", pair.Value, e)));
        }
        if (errors.Count > 0)
        {
            throw new KubernetesValidationException("Deployment.apps", spec.Name, errors);
        }
    }

    private Deployment WithStatus(Deployment d)
    {
        var current = ReplicaSetsOf(d.Namespace, d.Name).FirstOrDefault(r => r.Hash == d.Template.Hash);
        var all = ReplicaSetsOf(d.Namespace, d.Name).SelectMany(PodsOf).ToList();
        return d with
        {
            CurrentReplicaSet = current?.Name ?? "",
            UpdatedReplicas = current is null ? 0 : PodsOf(current).Count,
            ReadyReplicas = all.Count(p => p.Status == PodStatus.Running),
        };
    }

    private IEnumerable<ReplicaSet> ReplicaSetsOf(string ns, string deployment) =>
        _replicaSetsByDeployment.TryGetValue((ns, deployment), out var names)
            ? names.Select(n => _replicaSets[(ns, n)])
            : Enumerable.Empty<ReplicaSet>();

    private List<Pod> PodsOf(ReplicaSet rs) =>
        _podsByReplicaSet.TryGetValue((rs.Namespace, rs.Name), out var names)
            ? names.Select(n => _pods[(rs.Namespace, n)]).ToList()
            : new List<Pod>();

    // Keeps _podsByReplicaSet in step as pods come and go.
    private void TrackReplicaSetPod(Pod pod, bool added)
    {
        if (pod.ReplicaSet.Length == 0)
        {
            return;
        }
        var key = (pod.Namespace, pod.ReplicaSet);
        if (!_podsByReplicaSet.TryGetValue(key, out var names))
        {
            _podsByReplicaSet[key] = names = new SortedSet<string>(StringComparer.Ordinal);
        }
        if (added)
        {
            names.Add(pod.Name);
        }
        else
        {
            names.Remove(pod.Name);
        }
    }

    /// <summary>
    /// The deployment controller (pkg/controller/deployment/rolling.go) and, after each of its
    /// steps, the ReplicaSet controller: the set for the current template takes over from the
    /// old ones by a rolling update with the default maxSurge 25% (rounded up) and
    /// maxUnavailable 25% (rounded down). The deployment controller only changes each set's
    /// wanted replica count; the ReplicaSet controller then makes or deletes pods to match, which
    /// is also what replaces a pod deleted by hand. A pod that starts is at once available
    /// (minReadySeconds 0). The loop ends when neither controller has anything to do, for
    /// instance while new pods cannot get an address; it goes on at the next sync.
    /// </summary>
    private void SyncDeployment(string ns, string name)
    {
        if (!_deployments.TryGetValue((ns, name), out var deployment))
        {
            return;
        }
        var current = EnsureReplicaSet(deployment, out var created);
        var desired = deployment.Replicas;
        var surge = (desired + 3) / 4;
        var unavailable = desired / 4;
        if (surge == 0 && unavailable == 0)
        {
            surge = 1;
        }
        if (created)
        {
            // getNewReplicaSet creates the set already scaled to what the surge allows.
            var others = ReplicaSetsOf(ns, name).Where(r => r.Name != current.Name).Sum(r => r.Replicas);
            var initial = others == 0 ? desired : Math.Max(0, Math.Min(desired, desired + surge - others));
            current = SetReplicas(deployment, current, initial, isNew: true);
        }
        for (var guard = 0; guard < 10_000; guard++)
        {
            var changed = ManageReplicaSets(ns, name);
            current = _replicaSets[(ns, current.Name)];
            var olds = ReplicaSetsOf(ns, name).Where(r => r.Name != current.Name).OrderBy(r => r.CreationTimestamp).ToList();
            var oldReplicas = olds.Sum(r => r.Replicas);
            if (oldReplicas == 0)
            {
                // Not rolling (or done): the current set simply follows the deployment's replicas.
                if (current.Replicas != desired)
                {
                    SetReplicas(deployment, current, desired, isNew: false);
                    continue;
                }
                if (!changed)
                {
                    return;
                }
                continue;
            }

            // reconcileNewReplicaSet: scale up within maxSurge, counting wanted replicas.
            var all = current.Replicas + oldReplicas;
            if (current.Replicas > desired)
            {
                SetReplicas(deployment, current, desired, isNew: false);
                continue;
            }
            if (current.Replicas < desired && all < desired + surge)
            {
                SetReplicas(deployment, current, current.Replicas + Math.Min(desired + surge - all, desired - current.Replicas), isNew: false);
                continue;
            }

            // reconcileOldReplicaSets: scale old sets down while enough pods stay available.
            var minAvailable = desired - unavailable;
            var newUnavailable = current.Replicas - AvailablePods(current);
            var maxScaledDown = all - minAvailable - newUnavailable;
            var scaled = false;
            if (maxScaledDown > 0)
            {
                // cleanupUnhealthyReplicas: old sets' pods that are not available go first.
                foreach (var old in olds)
                {
                    var unhealthy = old.Replicas - AvailablePods(old);
                    var down = Math.Min(maxScaledDown, unhealthy);
                    if (down > 0)
                    {
                        SetReplicas(deployment, old, old.Replicas - down, isNew: false);
                        maxScaledDown -= down;
                        scaled = true;
                    }
                }
                var available = ReplicaSetsOf(ns, name).Sum(AvailablePods);
                var budget = available - minAvailable;
                foreach (var old in ReplicaSetsOf(ns, name).Where(r => r.Name != current.Name).OrderBy(r => r.CreationTimestamp).ToList())
                {
                    if (budget <= 0)
                    {
                        break;
                    }
                    var down = Math.Min(old.Replicas, budget);
                    if (down > 0)
                    {
                        SetReplicas(deployment, old, old.Replicas - down, isNew: false);
                        budget -= down;
                        scaled = true;
                    }
                }
            }
            if (!scaled && !changed)
            {
                return;
            }
        }
    }

    // Pods of a set that are Running (available: minReadySeconds is 0).
    private int AvailablePods(ReplicaSet rs) => PodsOf(rs).Count(p => p.Status == PodStatus.Running);

    // The deployment controller's scale of one set, with its event. A set it has just created
    // reports "to N"; scaling an existing set reports "to N from M" (sync.go).
    private ReplicaSet SetReplicas(Deployment deployment, ReplicaSet rs, int replicas, bool isNew)
    {
        if (replicas == rs.Replicas && !isNew)
        {
            return rs;
        }
        var direction = replicas >= rs.Replicas ? "up" : "down";
        if (!isNew || replicas > 0)
        {
            RecordEvent("Normal", "ScalingReplicaSet", "deployment/" + deployment.Name, rs.Namespace,
                isNew ? $"Scaled up replica set {rs.Name} to {replicas}" : $"Scaled {direction} replica set {rs.Name} to {replicas} from {rs.Replicas}");
        }
        var updated = rs with { Replicas = replicas };
        _replicaSets[(rs.Namespace, rs.Name)] = updated;
        return updated;
    }

    // The ReplicaSet controller for each of the deployment's sets; true when it made or deleted pods.
    private bool ManageReplicaSets(string ns, string deployment)
    {
        var changed = false;
        foreach (var rs in ReplicaSetsOf(ns, deployment).ToList())
        {
            changed |= ManageReplicas(rs);
        }
        return changed;
    }

    private ReplicaSet EnsureReplicaSet(Deployment deployment, out bool created)
    {
        var hash = deployment.Template.Hash;
        var name = deployment.Name + "-" + hash;
        created = false;
        if (_replicaSets.TryGetValue((deployment.Namespace, name), out var existing))
        {
            return existing;
        }
        created = true;
        var template = deployment.Template with
        {
            Labels = Labels.Copy(deployment.Template.Labels.Concat(new[] { new KeyValuePair<string, string>("pod-template-hash", hash) })),
        };
        var rs = new ReplicaSet
        {
            Name = name,
            Namespace = deployment.Namespace,
            Deployment = deployment.Name,
            Hash = hash,
            Template = template,
            CreationTimestamp = Clock.Now,
            Cluster = this,
        };
        _replicaSets.Add((rs.Namespace, rs.Name), rs);
        _replicaSetOwners[(rs.Namespace, rs.Name)] = deployment.Name;
        if (!_replicaSetsByDeployment.TryGetValue((deployment.Namespace, deployment.Name), out var sets))
        {
            _replicaSetsByDeployment[(deployment.Namespace, deployment.Name)] = sets = new List<string>();
        }
        sets.Add(rs.Name);
        return rs;
    }

    /// <summary>
    /// The ReplicaSet controller's manageReplicas: make pods up to the set's replicas, or delete
    /// the ones Kubernetes deletes first (controller_utils.go ActivePodsWithRanks): not yet on a
    /// node, then not running, then those sharing a node with more of their siblings, then the
    /// newest. Returns true when it made or deleted pods.
    /// </summary>
    private bool ManageReplicas(ReplicaSet rs)
    {
        var pods = PodsOf(rs);
        if (pods.Count == rs.Replicas)
        {
            return false;
        }
        for (var i = pods.Count; i < rs.Replicas; i++)
        {
            var name = PodNames.Generate(rs.Name + "-", Random);
            while (_pods.ContainsKey((rs.Namespace, name)))
            {
                name = PodNames.Generate(rs.Name + "-", Random);
            }
            RecordEvent("Normal", "SuccessfulCreate", "replicaset/" + rs.Name, rs.Namespace, "Created pod: " + name);
            AdmitPod(new Pod
            {
                Name = name,
                Namespace = rs.Namespace,
                Labels = rs.Template.Labels,
                Annotations = rs.Template.Annotations,
                NodeSelector = rs.Template.NodeSelector,
                ReplicaSet = rs.Name,
                Cluster = this,
            });
            _podsCreated?.Invoke(++_podsCreatedCount);
        }
        if (pods.Count > rs.Replicas)
        {
            // Pods of this deployment per node: a node with more of them gives one up first.
            var siblings = ReplicaSetsOf(rs.Namespace, _replicaSetOwners[(rs.Namespace, rs.Name)])
                .SelectMany(PodsOf).Where(p => p.Node.Length > 0).GroupBy(p => p.Node).ToDictionary(g => g.Key, g => g.Count());
            var victims = pods
                .OrderBy(p => p.Node.Length > 0 ? 1 : 0)
                .ThenBy(p => p.Status == PodStatus.Running ? 1 : 0)
                .ThenByDescending(p => p.Node.Length > 0 && siblings.TryGetValue(p.Node, out var n) ? n : 0)
                .ThenByDescending(p => p.CreationTimestamp)
                .Take(pods.Count - rs.Replicas)
                .ToList();
            foreach (var pod in victims)
            {
                RecordEvent("Normal", "SuccessfulDelete", "replicaset/" + rs.Name, rs.Namespace, "Deleted pod: " + pod.Name);
                RemovePodLocked(pod);
            }
        }
        return true;
    }
}
