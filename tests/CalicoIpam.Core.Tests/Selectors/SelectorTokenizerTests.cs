using System.Linq;
using CalicoIpam.Core.Selectors;

namespace CalicoIpam.Core.Tests.Selectors;

/// <summary>
/// Token streams, written as Calico prints tokens (Go's %v of {Kind Value}); each expected
/// stream is what Calico v3.29's tokenizer produced for the same input.
/// </summary>
public sealed class SelectorTokenizerTests
{
    [Theory]
    // from Calico's tokenizer_test.go
    [InlineData("a not in \"bar\" && !has(foo) || b in c",
        "{1 a} {10 <nil>} {2 bar} {18 <nil>} {9 <nil>} {15 foo} {19 <nil>} {1 b} {8 <nil>} {1 c} {21 <nil>}")]
    [InlineData("a notin\"bar\"&&!has(foo)||b in\"c\"",
        "{1 a} {10 <nil>} {2 bar} {18 <nil>} {9 <nil>} {15 foo} {19 <nil>} {1 b} {8 <nil>} {2 c} {21 <nil>}")]
    [InlineData("contains contains \"contains\"", "{1 contains} {11 <nil>} {2 contains} {21 <nil>}")]
    [InlineData("label contains\"value\"", "{1 label} {11 <nil>} {2 value} {21 <nil>}")]
    [InlineData("startswith starts with \"value\"", "{1 startswith} {12 <nil>} {2 value} {21 <nil>}")]
    [InlineData("has(calico/k8s_NS-.1/role)", "{15 calico/k8s_NS-.1/role} {21 <nil>}")]
    // "contains" has no word boundary, "in" has one, and "-" is not a word character
    [InlineData("a containsx", "{1 a} {11 <nil>} {1 x} {21 <nil>}")]
    [InlineData("a in-x", "{1 a} {8 <nil>} {1 -x} {21 <nil>}")]
    // has/all/in are labels unless their own form matches
    [InlineData("in in {}", "{1 in} {8 <nil>} {3 <nil>} {4 <nil>} {21 <nil>}")]
    [InlineData("has (x)", "{1 has} {16 <nil>} {1 x} {17 <nil>} {21 <nil>}")]
    // inside all( ) Go's \s also allows a newline
    [InlineData("all(\n)", "{14 <nil>} {21 <nil>}")]
    [InlineData("a !=\"b\"", "{1 a} {7 <nil>} {2 b} {21 <nil>}")]
    [InlineData(" \t ", "{21 <nil>}")]
    public void Tokenize_matches_Calico(string selector, string tokens)
    {
        Assert.Equal(tokens, string.Join(" ", SelectorTokenizer.Tokenize(selector).Select(t => t.ToString())));
    }

    [Fact]
    public void What_follows_a_512_character_label_can_be_its_operator()
    {
        // Calico's regex stops at 512 characters, so the next two letters "in" become the operator.
        string label = new('k', 512);

        var tokens = SelectorTokenizer.Tokenize(label + "in {'x'}");

        Assert.Equal(new[] { SelectorTokenKind.Label, SelectorTokenKind.In, SelectorTokenKind.LBrace },
            tokens.Take(3).Select(t => t.Kind));
        Assert.Equal(label, tokens[0].Value);
    }
}
