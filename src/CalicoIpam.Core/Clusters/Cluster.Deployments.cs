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
            return _replicaSets.Values.Where(r => ns is null || r.Namespace == ns)
                .Select(r => r with { Replicas = PodsOf(r).Count }).ToArray();
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
            errors.Add(KubernetesFieldError.Invalid("spec.replicas", spec.Replicas.ToString(CultureInfo.InvariantCulture),
                "must be greater than or equal to 0"));
        }
        if (selector.Count == 0)
        {
            errors.Add(KubernetesFieldError.Required("spec.selector", ""));
        }
        else if (!selector.All(p => spec.Template.Labels.TryGetValue(p.Key, out var v) && v == p.Value))
        {
            errors.Add(KubernetesFieldError.Invalid("spec.template.metadata.labels", "", "`selector` does not match template `labels`"));
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
    /// The deployment controller: the ReplicaSet for the current template takes over from the
    /// old ones by a rolling update (maxSurge 25% rounded up, maxUnavailable 25% rounded down,
    /// the defaults), each step scaling the new set up or an old one down; a plain replica
    /// change scales the current set. It stops early when no step can be taken (for instance
    /// while new pods cannot get an address) and continues at the next sync.
    /// </summary>
    private void SyncDeployment(string ns, string name)
    {
        if (!_deployments.TryGetValue((ns, name), out var deployment))
        {
            return;
        }
        var current = EnsureReplicaSet(deployment);
        var desired = deployment.Replicas;
        var surge = (desired + 3) / 4;
        var unavailable = desired / 4;
        if (surge == 0 && unavailable == 0)
        {
            surge = 1;
        }
        while (true)
        {
            var newPods = PodsOf(current);
            var oldSets = ReplicaSetsOf(ns, name).Where(r => r.Name != current.Name).ToList();
            var oldPods = oldSets.SelectMany(PodsOf).ToList();
            var available = newPods.Concat(oldPods).Count(p => p.Status == PodStatus.Running);
            if (oldPods.Count == 0)
            {
                ScaleReplicaSet(deployment, current, newPods, desired);
                return;
            }
            var total = newPods.Count + oldPods.Count;
            if (newPods.Count < desired && total < desired + surge)
            {
                var up = Math.Min(desired + surge - total, desired - newPods.Count);
                ScaleReplicaSet(deployment, current, newPods, newPods.Count + up);
                continue;
            }
            var down = Math.Min(oldPods.Count, available - (desired - unavailable));
            if (newPods.Count > desired)
            {
                ScaleReplicaSet(deployment, current, newPods, desired);
                continue;
            }
            if (down <= 0)
            {
                return;
            }
            // Old sets shrink oldest set first, as the controller does.
            foreach (var old in oldSets.OrderBy(r => r.CreationTimestamp))
            {
                var pods = PodsOf(old);
                var take = Math.Min(down, pods.Count);
                ScaleReplicaSet(deployment, old, pods, pods.Count - take);
                down -= take;
                if (down == 0)
                {
                    break;
                }
            }
        }
    }

    private ReplicaSet EnsureReplicaSet(Deployment deployment)
    {
        var hash = deployment.Template.Hash;
        var name = deployment.Name + "-" + hash;
        if (_replicaSets.TryGetValue((deployment.Namespace, name), out var existing))
        {
            return existing;
        }
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

    // The ReplicaSet controller: create pods up to the count, or delete the ones Kubernetes
    // deletes first (not yet running before running, then the newest).
    private void ScaleReplicaSet(Deployment deployment, ReplicaSet rs, List<Pod> pods, int count)
    {
        if (count == pods.Count)
        {
            return;
        }
        var direction = count > pods.Count ? "up" : "down";
        RecordEvent("Normal", "ScalingReplicaSet", "deployment/" + deployment.Name, rs.Namespace,
            $"Scaled {direction} replica set {rs.Name} to {count} from {pods.Count}");
        for (var i = pods.Count; i < count; i++)
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
        var victims = pods
            .OrderBy(p => p.Status == PodStatus.Running ? 1 : 0)
            .ThenByDescending(p => p.CreationTimestamp)
            .Take(Math.Max(0, pods.Count - count))
            .ToList();
        foreach (var pod in victims)
        {
            RecordEvent("Normal", "SuccessfulDelete", "replicaset/" + rs.Name, rs.Namespace, "Deleted pod: " + pod.Name);
            RemovePodLocked(pod);
        }
        _replicaSets[(rs.Namespace, rs.Name)] = rs with { Replicas = count };
    }
}
