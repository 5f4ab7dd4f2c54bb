using System;
using System.Collections.Generic;
using System.IO;
using CalicoIpam.Core.Manifests;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlScalarNode = CalicoIpam.Core.Manifests.YamlScalar;

namespace CalicoIpam.Yaml;

/// <summary>
/// <see cref="IYamlCodec"/> on YamlDotNet's event parser and emitter. The parser's events are
/// turned into <see cref="YamlNode"/> trees here, which is where the limits are enforced: depth,
/// node count (aliases counted every time they are used) and size.
/// </summary>
public sealed class YamlDotNetCodec : IYamlCodec
{
    public IReadOnlyList<YamlNode> Parse(string text, YamlLimits limits)
    {
        if (text.Length > limits.MaxCharacters)
        {
            throw new YamlFormatException($"the YAML text has {text.Length} characters, more than the limit of {limits.MaxCharacters}", 1, 1);
        }
        var parser = new Parser(new StringReader(text));
        try
        {
            return new Reader(parser, limits).ReadStream();
        }
        catch (YamlException e)
        {
            throw new YamlFormatException(e.InnerException?.Message ?? Clean(e.Message), (int)e.Start.Line, (int)e.Start.Column, e);
        }
        catch (InvalidOperationException e)
        {
            // Some malformed flow collections make YamlDotNet stop without a YamlException;
            // the parser's current event still says where it was.
            var at = parser.Current?.Start;
            throw new YamlFormatException(e.Message, (int)(at?.Line ?? 1), (int)(at?.Column ?? 1), e);
        }
    }

    // YamlDotNet prefixes its own position "(Line: 1, Col: 2, Idx: 1) - (Line: ...): "; ours follows the message.
    private static string Clean(string message)
    {
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && marker >= 0 ? message.Substring(marker + 3) : message;
    }

    public string Emit(YamlNode document)
    {
        var writer = new StringWriter { NewLine = "\n" };
        var emitter = new Emitter(writer, new EmitterSettings(bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false,
            maxSimpleKeyLength: 1024, skipAnchorName: false, indentSequences: false));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        EmitNode(emitter, document);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    private static void EmitNode(IEmitter emitter, YamlNode node)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                emitter.Emit(new Scalar(null, null, scalar.Value, StyleFor(scalar), isPlainImplicit: true, isQuotedImplicit: true));
                break;
            case YamlSequence sequence:
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, SequenceStyle.Block));
                foreach (var item in sequence.Items)
                {
                    EmitNode(emitter, item);
                }
                emitter.Emit(new SequenceEnd());
                break;
            case YamlMapping mapping:
                emitter.Emit(new MappingStart(null, null, isImplicit: true, mapping.Entries.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var entry in mapping.Entries)
                {
                    emitter.Emit(new Scalar(null, null, entry.Key, StyleFor(new YamlScalarNode(entry.Key, quoted: true)), true, true));
                    EmitNode(emitter, entry.Value);
                }
                emitter.Emit(new MappingEnd());
                break;
            default:
                throw new ArgumentException("Unknown YAML node " + node.GetType().Name, nameof(node));
        }
    }

    // A string that would read back as something else (true, 26, null, a timestamp) is
    // double-quoted, as Go's YAML writers do; anything else is plain when YAML allows it.
    private static ScalarStyle StyleFor(YamlScalarNode scalar) =>
        scalar.Quoted && YamlScalars.ReadsAsNonString(scalar.Value) ? ScalarStyle.DoubleQuoted
        : scalar.Value.IndexOf('\n') >= 0 ? ScalarStyle.DoubleQuoted
        : ScalarStyle.Any;

    /// <summary>Builds the tree from parser events.</summary>
    private sealed class Reader
    {
        private readonly IParser _parser;
        private readonly YamlLimits _limits;
        private readonly Dictionary<string, YamlNode> _anchors = new(StringComparer.Ordinal);
        private readonly Dictionary<YamlNode, int> _sizes = new(ReferenceEqualityComparer.Instance);
        private int _nodes;

        public Reader(IParser parser, YamlLimits limits)
        {
            _parser = parser;
            _limits = limits;
        }

        public IReadOnlyList<YamlNode> ReadStream()
        {
            var documents = new List<YamlNode>();
            _parser.Consume<StreamStart>();
            while (_parser.TryConsume<DocumentStart>(out _))
            {
                _anchors.Clear();
                if (_parser.TryConsume<DocumentEnd>(out _))
                {
                    continue; // an empty document ("---" with nothing after it)
                }
                documents.Add(ReadNode(depth: 1));
                _parser.Consume<DocumentEnd>();
            }
            _parser.Consume<StreamEnd>();
            return documents;
        }

        private YamlNode ReadNode(int depth)
        {
            var start = _parser.Current!.Start;
            if (depth > _limits.MaxDepth)
            {
                throw new YamlFormatException($"the YAML nests deeper than the limit of {_limits.MaxDepth}", (int)start.Line, (int)start.Column);
            }
            if (_parser.TryConsume<AnchorAlias>(out var alias))
            {
                if (!_anchors.TryGetValue(alias.Value.Value, out var target))
                {
                    throw new YamlFormatException($"unknown alias *{alias.Value.Value}", (int)start.Line, (int)start.Column);
                }
                // An alias costs as many nodes as it stands for: a "billion laughs" bomb hits
                // the limit after a few levels instead of expanding.
                Count(_sizes.TryGetValue(target, out var size) ? size : 1, start);
                return target;
            }
            var before = _nodes;
            Count(1, start);
            YamlNode node;
            string? anchor;
            if (_parser.TryConsume<Scalar>(out var scalar))
            {
                anchor = scalar.Anchor.IsEmpty ? null : scalar.Anchor.Value;
                node = new YamlScalarNode(scalar.Value, scalar.Style != ScalarStyle.Plain) { Line = (int)start.Line, Column = (int)start.Column };
            }
            else if (_parser.TryConsume<SequenceStart>(out var sequenceStart))
            {
                anchor = sequenceStart.Anchor.IsEmpty ? null : sequenceStart.Anchor.Value;
                var sequence = new YamlSequence { Line = (int)start.Line, Column = (int)start.Column };
                while (!_parser.TryConsume<SequenceEnd>(out _))
                {
                    sequence.Items.Add(ReadNode(depth + 1));
                }
                node = sequence;
            }
            else
            {
                var mappingStart = _parser.Consume<MappingStart>();
                anchor = mappingStart.Anchor.IsEmpty ? null : mappingStart.Anchor.Value;
                var mapping = new YamlMapping { Line = (int)start.Line, Column = (int)start.Column };
                while (!_parser.TryConsume<MappingEnd>(out _))
                {
                    var keyStart = _parser.Current!.Start;
                    if (ReadNode(depth + 1) is not YamlScalarNode key)
                    {
                        throw new YamlFormatException("a mapping key must be a scalar", (int)keyStart.Line, (int)keyStart.Column);
                    }
                    mapping.Add(key.Value, ReadNode(depth + 1));
                }
                node = mapping;
            }
            _sizes[node] = _nodes - before;
            if (anchor is not null)
            {
                _anchors[anchor] = node;
            }
            return node;
        }

        private void Count(int nodes, Mark at)
        {
            _nodes += nodes;
            if (_nodes > _limits.MaxNodes)
            {
                throw new YamlFormatException($"the YAML expands to more than {_limits.MaxNodes} nodes (aliases counted each time they are used)",
                    (int)at.Line, (int)at.Column);
            }
        }
    }

    private sealed class ReferenceEqualityComparer : IEqualityComparer<YamlNode>
    {
        public static readonly ReferenceEqualityComparer Instance = new();

        public bool Equals(YamlNode? x, YamlNode? y) => ReferenceEquals(x, y);

        public int GetHashCode(YamlNode obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }
}
