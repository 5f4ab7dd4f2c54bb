#Requires -Version 7.4
<#
.SYNOPSIS
    Generates MAML help and about topics for a binary module from platyPS-style markdown.
.DESCRIPTION
    Cmdlets written in C# cannot use comment-based help: Get-Help reads MAML from
    <ModuleBase>/<culture>/<Assembly>.dll-Help.xml. platyPS is not available, so this script
    does its job for the subset of its markdown format the module uses.

    Facts (syntax, parameter sets, types, mandatory, position, pipeline input, aliases,
    wildcards, output types) come only from the imported cmdlets, so help cannot drift from the
    code. Text comes only from <Verb-Noun>.md in -SourcePath (platyPS v0.14 headings). Every
    about_*.md becomes a plain-text about_*.help.txt.

    The script checks every exported cmdlet before it writes anything; it reports every
    problem (naming the cmdlet and what is missing) and exits 1 when there is one.
.EXAMPLE
    pwsh -NoProfile -File tools/HelpGen/New-MamlHelp.ps1 -ManifestPath ./CalicoIpam.psd1 -SourcePath ./module/en-US -OutputPath ./en-US
#>
[CmdletBinding()]
param(
    # The module manifest; the module is imported from it.
    [Parameter(Mandatory)]
    [string] $ManifestPath,

    # The folder of <Verb-Noun>.md and about_*.md sources.
    [Parameter(Mandatory)]
    [string] $SourcePath,

    # The folder to write the MAML file and about topics into (created when missing).
    [Parameter(Mandatory)]
    [string] $OutputPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$script:Namespaces = @{
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
}

# The sentences PowerShell's own help uses, so the markdown need not repeat them.
$script:StandardParameterText = @{
    WhatIf  = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
    Confirm = 'Prompts you for confirmation before running the cmdlet.'
}

# Sections a command page may have. SYNTAX is accepted and ignored: platyPS writes one, but
# syntax always comes from the cmdlet.
$script:KnownSections = 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS'

# About topics are printed as they are, in consoles that are often 80 columns wide.
$script:AboutWidth = 80

#region Markdown reading

function Get-MarkdownSection {
    # Splits markdown into sections at headings of levels 1-3 (deeper headings stay body
    # text). Lines inside fenced code blocks are never headings: examples are full of
    # PowerShell comments that start with '#'. platyPS front matter (--- ... ---) is skipped.
    param([string[]] $Line)

    $start = 0
    if ($Line -and $Line[0] -eq '---') {
        $end = [Array]::IndexOf($Line, '---', 1)
        if ($end -gt 0) { $start = $end + 1 }
    }
    $current = [pscustomobject]@{ Level = 0; Title = ''; Lines = [Collections.Generic.List[string]]::new() }
    $current
    $inCode = $false
    foreach ($text in $Line | Select-Object -Skip $start) {
        if ($text -match '^\s*(```|~~~)') {
            $inCode = -not $inCode
        }
        elseif (-not $inCode -and $text -match '^(#{1,3})\s+(.*?)\s*$') {
            $current = [pscustomobject]@{ Level = $Matches[1].Length; Title = $Matches[2]; Lines = [Collections.Generic.List[string]]::new() }
            $current
            continue
        }
        $current.Lines.Add($text)
    }
}

function Get-MarkdownBlock {
    # Groups a section's lines into blocks: fenced code (kept verbatim) and paragraphs
    # separated by blank lines. A paragraph is a List or Table when it starts like one, so
    # writers can keep its line breaks; otherwise it is Text and its lines are one flow.
    param([string[]] $Line)

    $paragraph = [Collections.Generic.List[string]]::new()
    $code = $null
    $language = ''
    foreach ($text in @($Line) + '') {
        if ($null -ne $code) {
            if ($text -match '^\s*(```|~~~)') {
                [pscustomobject]@{ Kind = 'Code'; Language = $language; Text = $code -join "`n" }
                $code = $null
            }
            else {
                $code.Add($text)
            }
            continue
        }
        if ($text -match '^\s*(```|~~~)' -or [string]::IsNullOrWhiteSpace($text)) {
            if ($paragraph.Count -gt 0) {
                $kind = if ($paragraph[0] -match '^\s*([-*+]|\d+\.)\s') { 'List' } elseif ($paragraph[0] -match '^\s*\|') { 'Table' } else { 'Text' }
                [pscustomobject]@{ Kind = $kind; Language = ''; Text = $paragraph -join "`n" }
                $paragraph.Clear()
            }
            if ($text -match '^\s*(?:```|~~~)\s*(\S*)') {
                $code = [Collections.Generic.List[string]]::new()
                $language = $Matches[1]
            }
            continue
        }
        $paragraph.Add($text.Trim())
    }
}

function Get-ParagraphText {
    # The paragraphs of a block list as help shows them: Text paragraphs as one line (the help
    # viewer wraps them), lists and tables with their line breaks, code verbatim. Fenced yaml
    # is left out: platyPS puts its parameter facts there, and facts come from the cmdlet.
    param([object[]] $Block)

    foreach ($b in $Block) {
        if ($b.Kind -eq 'Code' -and $b.Language -eq 'yaml') { continue }
        if ($b.Kind -eq 'Text') { ($b.Text -split "`n") -join ' ' } else { $b.Text }
    }
}

function Read-CommandMarkdown {
    # Reads a <Verb-Noun>.md page into the parts MAML needs. Structural mistakes (an unknown
    # section, a parameter documented twice) are returned in Problems rather than thrown, so
    # one run reports every page's problems.
    param([string] $Path, [string] $CommandName)

    $sections = @(Get-MarkdownSection -Line (Get-Content -LiteralPath $Path -Encoding utf8))
    $doc = [pscustomobject]@{
        Title       = ''
        Synopsis    = ''
        Description = @()
        Examples    = [Collections.Generic.List[object]]::new()
        Parameters  = [ordered]@{}
        Inputs      = [Collections.Generic.List[object]]::new()
        Outputs     = [Collections.Generic.List[object]]::new()
        Notes       = @()
        Links       = [Collections.Generic.List[object]]::new()
        Problems    = [Collections.Generic.List[string]]::new()
    }
    $topSection = ''
    foreach ($section in $sections) {
        $blocks = @(Get-MarkdownBlock -Line $section.Lines)
        switch ($section.Level) {
            1 { $doc.Title = $section.Title }
            2 {
                $topSection = $section.Title.ToUpperInvariant()
                if ($topSection -notin $script:KnownSections) {
                    $doc.Problems.Add("${CommandName}: unknown section '## $($section.Title)' in $Path.")
                }
                switch ($topSection) {
                    'SYNOPSIS' { $doc.Synopsis = (@(Get-ParagraphText $blocks) -join ' ').Trim() }
                    'DESCRIPTION' { $doc.Description = @(Get-ParagraphText $blocks) }
                    'NOTES' { $doc.Notes = @(Get-ParagraphText $blocks) }
                    'RELATED LINKS' { foreach ($link in Get-RelatedLink $section.Lines) { $doc.Links.Add($link) } }
                }
            }
            3 { Add-CommandSubsection -Doc $doc -Section $section.Title -Parent $topSection -Block $blocks -CommandName $CommandName }
        }
    }
    $doc
}

function Add-CommandSubsection {
    # Files a '###' section under its '##' parent: an example, a parameter, an input or an
    # output type. platyPS heads each parameter set's syntax with '###'; like all of SYNTAX,
    # those are ignored.
    param([object] $Doc, [string] $Section, [string] $Parent, [object[]] $Block, [string] $CommandName)

    switch ($Parent) {
        'EXAMPLES' {
            $Doc.Examples.Add([pscustomobject]@{
                    Title   = $Section
                    Code    = (@($Block | Where-Object Kind -EQ 'Code' | ForEach-Object Text) -join "`n`n").Trim()
                    Remarks = @(Get-ParagraphText @($Block | Where-Object Kind -NE 'Code'))
                })
        }
        'PARAMETERS' {
            $name = $Section.TrimStart('-').Trim()
            if ($Doc.Parameters.Contains($name)) {
                $Doc.Problems.Add("${CommandName}: parameter -$name is documented twice.")
            }
            $Doc.Parameters[$name] = @(Get-ParagraphText $Block)
        }
        'SYNTAX' { }
        { $_ -in 'INPUTS', 'OUTPUTS' } {
            # Property access, not an if-expression: that would enumerate the list into an array.
            $list = $Doc.($Parent -eq 'INPUTS' ? 'Inputs' : 'Outputs')
            $list.Add([pscustomobject]@{ Type = $Section.Trim(); Text = @(Get-ParagraphText $Block) })
        }
        default {
            $Doc.Problems.Add("${CommandName}: '### $Section' is not under EXAMPLES, PARAMETERS, INPUTS or OUTPUTS.")
        }
    }
}

function Get-RelatedLink {
    # RELATED LINKS bullets: a command name, or [text](uri). A relative uri (platyPS links
    # sibling .md files) means nothing to Get-Help, so only absolute ones are kept.
    param([string[]] $Line)

    foreach ($text in $Line) {
        if ($text -notmatch '^\s*[-*+]\s+(.+?)\s*$') { continue }
        $item = $Matches[1]
        if ($item -match '^\[(.+?)\]\((.*?)\)$') {
            $linkText, $uri = $Matches[1], $Matches[2]
            [pscustomobject]@{ Text = $linkText; Uri = ($uri -match '^[a-z][a-z0-9+.-]*://') ? $uri : '' }
        }
        else {
            [pscustomobject]@{ Text = $item; Uri = '' }
        }
    }
}

#endregion

#region Cmdlet facts

function Get-TypeDisplayName {
    # A short type name as help shows it (String[], Dictionary[String,Int32]): Type.Name
    # would print generic types as List`1.
    param([type] $Type)

    if ($Type.IsArray) { return (Get-TypeDisplayName $Type.GetElementType()) + '[]' }
    if (-not $Type.IsGenericType) { return $Type.Name }
    $arguments = $Type.GetGenericArguments() | ForEach-Object { Get-TypeDisplayName $_ }
    '{0}[{1}]' -f $Type.Name.Split('`')[0], ($arguments -join ',')
}

function Get-PipelineInputText {
    # MAML's pipelineInput text: "True (ByValue, ByPropertyName)", "True (ByValue)", ... or "False".
    param([bool] $ByValue, [bool] $ByPropertyName)

    $ways = @(if ($ByValue) { 'ByValue' }; if ($ByPropertyName) { 'ByPropertyName' })
    if ($ways.Count -eq 0) { 'False' } else { 'True ({0})' -f ($ways -join ', ') }
}

function Get-CommandFact {
    # What help states about a cmdlet, read from its metadata. Common parameters are left out
    # (Get-Help adds [<CommonParameters>] itself); WhatIf and Confirm stay, as in Get-Command.
    param([System.Management.Automation.CmdletInfo] $Command)

    # Default set first, as Get-Command -Syntax shows it.
    $sets = @($Command.ParameterSets | Where-Object IsDefault) + @($Command.ParameterSets | Where-Object { -not $_.IsDefault })
    $syntax = foreach ($set in $sets) {
        [pscustomobject]@{
            Name       = $set.Name
            Parameters = @(Sort-SyntaxParameter @($set.Parameters | ConvertTo-ParameterFact))
        }
    }
    [pscustomobject]@{
        Name        = $Command.Name
        Verb        = $Command.Verb
        Noun        = $Command.Noun
        HelpFile    = $Command.HelpFile
        Syntax      = @($syntax)
        Parameters  = @(Merge-ParameterFact @($syntax | ForEach-Object Parameters))
        OutputTypes = @($Command.OutputType | ForEach-Object Name)
    }
}

function ConvertTo-ParameterFact {
    # A parameter as one parameter set declares it, in the terms MAML uses; common parameters
    # are dropped.
    param([Parameter(ValueFromPipeline)] [System.Management.Automation.CommandParameterInfo] $Parameter)

    process {
        if ([System.Management.Automation.Cmdlet]::CommonParameters.Contains($Parameter.Name)) { return }
        [pscustomobject]@{
            Name           = $Parameter.Name
            Type           = $Parameter.ParameterType
            Required       = $Parameter.IsMandatory
            Position       = $Parameter.Position
            ByValue        = $Parameter.ValueFromPipeline
            ByPropertyName = $Parameter.ValueFromPipelineByPropertyName
            Globbing       = [bool]($Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
            Aliases        = @($Parameter.Aliases)
            AcceptedValues = @(Get-AcceptedValue $Parameter)
        }
    }
}

function Get-AcceptedValue {
    # The values a parameter accepts when they are a closed list, from [ValidateSet] or an enum
    # type (of the parameter or of its array elements): Get-Help then shows {A | B | C}.
    param([System.Management.Automation.CommandParameterInfo] $Parameter)

    $validateSet = $Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | Select-Object -First 1
    if ($validateSet) { return $validateSet.ValidValues }
    $type = if ($Parameter.ParameterType.IsArray) { $Parameter.ParameterType.GetElementType() } else { $Parameter.ParameterType }
    if ($type.IsEnum) { [Enum]::GetNames($type) }
}

function Merge-ParameterFact {
    # One record per parameter from its records in every set (in syntax order). Help's
    # "Required?" is true only when the parameter is mandatory in every set it belongs to (a
    # user may omit it otherwise); the position is the first one any set gives it; pipeline
    # input is every way any set accepts it.
    param([object[]] $PerSet)

    $merged = foreach ($group in $PerSet | Group-Object Name) {
        $positional = @($group.Group | Where-Object Position -GE 0)
        [pscustomobject]@{
            Name           = $group.Name
            Type           = $group.Group[0].Type
            Required       = -not ($group.Group | Where-Object { -not $_.Required })
            Position       = if ($positional) { $positional[0].Position } else { -1 }
            ByValue        = [bool]($group.Group | Where-Object ByValue)
            ByPropertyName = [bool]($group.Group | Where-Object ByPropertyName)
            Globbing       = $group.Group[0].Globbing
            Aliases        = $group.Group[0].Aliases
            AcceptedValues = $group.Group[0].AcceptedValues
        }
    }
    Sort-SyntaxParameter @($merged)
}

function Sort-SyntaxParameter {
    # The order Get-Command -Syntax uses, so help reads like it: positional parameters by
    # position, then mandatory named ones, then optional ones by name, WhatIf and Confirm last.
    param([object[]] $Parameter)

    $Parameter | Sort-Object @{ Expression = { [array]::IndexOf(@('WhatIf', 'Confirm'), $_.Name) } },
    @{ Expression = { if ($_.Position -ge 0) { $_.Position } else { [int]::MaxValue } } },
    @{ Expression = { $_.Required }; Descending = $true },
    @{ Expression = { $_.Name } }
}

#endregion

#region Checks

function Test-CommandHelp {
    # Everything that would make Get-Help wrong or thin for a cmdlet, as messages naming the
    # cmdlet and what is missing. An empty result means the page is complete.
    param([object] $Fact, [object] $Doc, [string] $Path)

    $name = $Fact.Name
    $Doc.Problems
    if ($Doc.Title -ne $name) { "${name}: $Path must start with the heading '# $name' (found '# $($Doc.Title)')." }
    if (-not $Doc.Synopsis) { "${name}: the SYNOPSIS is missing or empty." }
    if (-not ($Doc.Description -join '').Trim()) { "${name}: the DESCRIPTION is missing or empty." }
    if ($Doc.Examples.Count -eq 0) { "${name}: EXAMPLES has no '### Example N: title' section." }
    foreach ($example in $Doc.Examples) {
        if (-not $example.Code) { "${name}: '$($example.Title)' has no fenced code block." }
        if (-not ($example.Remarks -join '').Trim()) { "${name}: '$($example.Title)' has no remarks after its code." }
    }
    $actual = @($Fact.Parameters | ForEach-Object Name)
    foreach ($parameter in $actual) {
        $text = if ($Doc.Parameters.Contains($parameter)) { ($Doc.Parameters[$parameter] -join '').Trim() }
        if (-not $text -and -not $script:StandardParameterText.ContainsKey($parameter)) {
            "${name}: parameter -$parameter has no description ('### -$parameter' under PARAMETERS)."
        }
    }
    foreach ($documented in $Doc.Parameters.Keys) {
        if ($documented -notin $actual) { "${name}: documents parameter -$documented, which the cmdlet does not have." }
    }
    foreach ($output in $Doc.Outputs) {
        if (-not (Find-OutputType -Fact $Fact -Documented $output.Type)) {
            "${name}: OUTPUTS documents '$($output.Type)', which its [OutputType] does not declare."
        }
    }
}

function Find-OutputType {
    # Whether an OUTPUTS heading names one of the cmdlet's [OutputType] types, by full or
    # short name; 'None' stands for [OutputType([void])] as in PowerShell's own help.
    param([object] $Fact, [string] $Documented)

    foreach ($type in $Fact.OutputTypes) {
        if ($Documented -in (Get-OutputTypeName $type), $type.Split('.')[-1]) { return $true }
    }
    $false
}

function Get-OutputTypeName {
    # The name help gives an [OutputType]: its full name, or None for System.Void.
    param([string] $TypeName)

    if ($TypeName -eq 'System.Void') { 'None' } else { $TypeName }
}

#endregion

#region MAML writing

function Write-Element {
    # Writes <prefix:name attributes>content</prefix:name>. Content is text, or a scriptblock
    # that writes child elements, so the nesting of the code mirrors the nesting of the XML.
    # The scriptblock sees its caller's variables through dynamic scoping, except those named
    # like this function's parameters (Writer, Name, Content, Attribute), which shadow them.
    param([System.Xml.XmlWriter] $Writer, [string] $Name, [object] $Content, [System.Collections.IDictionary] $Attribute = @{})

    $prefix, $local = $Name.Split(':')
    $Writer.WriteStartElement($prefix, $local, $script:Namespaces[$prefix])
    foreach ($key in $Attribute.Keys) { $Writer.WriteAttributeString($key, [string]$Attribute[$key]) }
    if ($Content -is [scriptblock]) { & $Content } else { $Writer.WriteString([string]$Content) }
    $Writer.WriteEndElement()
}

function Write-Paragraph {
    # maml:para elements under a container (maml:description, dev:remarks, maml:alert).
    param([System.Xml.XmlWriter] $Writer, [string] $Container, [string[]] $Text)

    Write-Element $Writer $Container {
        foreach ($para in $Text) { Write-Element $Writer 'maml:para' $para }
    }
}

function Write-TypeElement {
    # dev:type with a maml:name; the empty maml:uri is what platyPS writes and Get-Help expects.
    param([System.Xml.XmlWriter] $Writer, [string] $TypeName)

    Write-Element $Writer 'dev:type' {
        Write-Element $Writer 'maml:name' $TypeName
        Write-Element $Writer 'maml:uri' ''
    }
}

function Write-ParameterElement {
    # One command:parameter. In syntax items a switch has no parameterValue, so Get-Help shows
    # [-PassThru] rather than [-PassThru <SwitchParameter>], and a closed list of values is a
    # parameterValueGroup, shown as {A | B | C}.
    param([System.Xml.XmlWriter] $Writer, [object] $Parameter, [string[]] $Description, [switch] $InSyntax)

    $attributes = [ordered]@{
        required       = "$($Parameter.Required)".ToLowerInvariant()
        variableLength = "$($Parameter.Type.IsArray)".ToLowerInvariant()
        globbing       = "$($Parameter.Globbing)".ToLowerInvariant()
        pipelineInput  = Get-PipelineInputText $Parameter.ByValue $Parameter.ByPropertyName
        position       = if ($Parameter.Position -ge 0) { "$($Parameter.Position)" } else { 'named' }
        aliases        = if ($Parameter.Aliases.Count) { $Parameter.Aliases -join ', ' } else { 'none' }
    }
    Write-Element $Writer 'command:parameter' -Attribute $attributes {
        Write-Element $Writer 'maml:name' $Parameter.Name
        if (-not $InSyntax) { Write-Paragraph $Writer 'maml:description' $Description }
        $valueAttributes = [ordered]@{ required = "$($Parameter.Type -ne [switch])".ToLowerInvariant(); variableLength = 'false' }
        if ($InSyntax -and $Parameter.AcceptedValues.Count) {
            Write-Element $Writer 'command:parameterValueGroup' {
                foreach ($value in $Parameter.AcceptedValues) { Write-Element $Writer 'command:parameterValue' $value -Attribute $valueAttributes }
            }
        }
        elseif (-not ($InSyntax -and $Parameter.Type -eq [switch])) {
            Write-Element $Writer 'command:parameterValue' (Get-TypeDisplayName $Parameter.Type) -Attribute $valueAttributes
        }
        Write-TypeElement $Writer $Parameter.Type.FullName
        Write-Element $Writer 'dev:defaultValue' 'None'
    }
}

function Get-ParameterDescription {
    # The page's text for a parameter, else PowerShell's standard sentence (WhatIf, Confirm).
    param([object] $Doc, [string] $Name)

    if ($Doc.Parameters.Contains($Name) -and ($Doc.Parameters[$Name] -join '').Trim()) { return $Doc.Parameters[$Name] }
    @($script:StandardParameterText[$Name])
}

function Write-CommandElement {
    # One command:command: facts from $Fact, text from $Doc.
    param([System.Xml.XmlWriter] $Writer, [object] $Fact, [object] $Doc)

    Write-Element $Writer 'command:command' {
        Write-Element $Writer 'command:details' {
            Write-Element $Writer 'command:name' $Fact.Name
            Write-Element $Writer 'command:verb' $Fact.Verb
            Write-Element $Writer 'command:noun' $Fact.Noun
            Write-Paragraph $Writer 'maml:description' $Doc.Synopsis
        }
        Write-Paragraph $Writer 'maml:description' $Doc.Description
        Write-Element $Writer 'command:syntax' {
            foreach ($set in $Fact.Syntax) {
                Write-Element $Writer 'command:syntaxItem' {
                    Write-Element $Writer 'maml:name' $Fact.Name
                    foreach ($parameter in $set.Parameters) { Write-ParameterElement $Writer $parameter -InSyntax }
                }
            }
        }
        Write-Element $Writer 'command:parameters' {
            foreach ($parameter in $Fact.Parameters) {
                Write-ParameterElement $Writer $parameter (Get-ParameterDescription $Doc $parameter.Name)
            }
        }
        Write-Element $Writer 'command:inputTypes' {
            foreach ($inputType in $Doc.Inputs) {
                Write-Element $Writer 'command:inputType' {
                    Write-TypeElement $Writer $inputType.Type
                    Write-Paragraph $Writer 'maml:description' $inputType.Text
                }
            }
        }
        Write-Element $Writer 'command:returnValues' {
            foreach ($output in Get-ReturnValue $Fact $Doc) {
                Write-Element $Writer 'command:returnValue' {
                    Write-TypeElement $Writer $output.Type
                    Write-Paragraph $Writer 'maml:description' $output.Text
                }
            }
        }
        Write-Element $Writer 'maml:alertSet' {
            Write-Paragraph $Writer 'maml:alert' $Doc.Notes
        }
        Write-Element $Writer 'command:examples' {
            foreach ($example in $Doc.Examples) {
                Write-Element $Writer 'command:example' {
                    Write-Element $Writer 'maml:title' ('-------------------------- {0} --------------------------' -f $example.Title)
                    Write-Element $Writer 'dev:code' $example.Code
                    Write-Paragraph $Writer 'dev:remarks' $example.Remarks
                }
            }
        }
        Write-Element $Writer 'command:relatedLinks' {
            foreach ($link in $Doc.Links) {
                Write-Element $Writer 'maml:navigationLink' {
                    Write-Element $Writer 'maml:linkText' $link.Text
                    Write-Element $Writer 'maml:uri' $link.Uri
                }
            }
        }
    }
}

function Get-ReturnValue {
    # The cmdlet's [OutputType] types (System.Void as "None"), each with the OUTPUTS text
    # written for it.
    param([object] $Fact, [object] $Doc)

    foreach ($type in $Fact.OutputTypes) {
        $typeName = Get-OutputTypeName $type
        $documented = $Doc.Outputs | Where-Object { $_.Type -in $typeName, $type.Split('.')[-1] } | Select-Object -First 1
        [pscustomobject]@{ Type = $typeName; Text = if ($documented) { $documented.Text } else { @() } }
    }
}

function Write-MamlFile {
    # One <Assembly>.dll-Help.xml: UTF-8 without BOM, LF line ends, the three MAML
    # namespaces declared once on the root.
    param([string] $Path, [object[]] $Topic)

    $settings = [System.Xml.XmlWriterSettings]@{
        Indent       = $true
        IndentChars  = '  '
        NewLineChars = "`n"
        Encoding     = [System.Text.UTF8Encoding]::new($false)
    }
    $writer = [System.Xml.XmlWriter]::Create($Path, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', 'http://msh')
        $writer.WriteAttributeString('schema', 'maml')
        foreach ($prefix in 'maml', 'command', 'dev') {
            $writer.WriteAttributeString('xmlns', $prefix, 'http://www.w3.org/2000/xmlns/', $script:Namespaces[$prefix])
        }
        foreach ($t in $Topic) { Write-CommandElement $writer $t.Fact $t.Doc }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    }
    finally {
        $writer.Dispose()
    }
}

#endregion

#region About topics

function ConvertTo-AboutText {
    # An about_*.md as the plain text Get-Help prints: '# about_X' becomes the TOPIC block,
    # other headings upper-case lines ('##' at the margin, '###' indented), paragraphs wrapped
    # and indented four spaces, list items with a hanging indent, tables as aligned columns,
    # code verbatim and indented eight spaces.
    param([string[]] $Line)

    $out = [Collections.Generic.List[string]]::new()
    foreach ($section in Get-MarkdownSection -Line $Line) {
        switch ($section.Level) {
            1 { $out.Add('TOPIC'); $out.Add('    ' + $section.Title); $out.Add('') }
            2 { $out.Add($section.Title.ToUpperInvariant()) }
            3 { $out.Add('    ' + $section.Title.ToUpperInvariant()) }
        }
        foreach ($block in Get-MarkdownBlock -Line $section.Lines) {
            switch ($block.Kind) {
                'Text' { $out.AddRange([string[]]@(Format-Wrapped -Text $block.Text -Indent '    ')) }
                'List' { foreach ($item in Split-ListItem $block.Text) { $out.AddRange([string[]]@(Format-Wrapped -Text $item -Indent '    ' -Hanging '  ')) } }
                'Table' { $out.AddRange([string[]]@(Format-TextTable -Text $block.Text -Indent '    ')) }
                'Code' { foreach ($text in $block.Text -split "`n") { $out.Add(('        ' + $text).TrimEnd()) } }
            }
            $out.Add('')
        }
    }
    ($out -join "`n").TrimEnd() + "`n"
}

function Split-ListItem {
    # A list paragraph into its items; a line that does not start with a marker continues the
    # item above it.
    param([string] $Text)

    $item = $null
    foreach ($text in $Text -split "`n") {
        if ($text -match '^([-*+]|\d+\.)\s') {
            if ($item) { $item }
            $item = $text
        }
        else {
            $item += ' ' + $text
        }
    }
    if ($item) { $item }
}

function Format-TextTable {
    # A markdown table as plain columns: pipes and the |---| rule dropped, each column padded
    # to its widest cell, and a dashed line under the header as Format-Table draws it.
    param([string] $Text, [string] $Indent)

    $rows = [Collections.Generic.List[string[]]]::new()
    foreach ($line in $Text -split "`n") {
        if ($line -match '^\s*\|?[\s:|-]+$') { continue }
        $rows.Add([string[]]@($line.Trim().Trim('|').Split('|') | ForEach-Object Trim))
    }
    $widths = foreach ($column in 0..($rows[0].Count - 1)) {
        ($rows | ForEach-Object { "$($_[$column])".Length } | Measure-Object -Maximum).Maximum
    }
    $format = { param($cells) ($Indent + ((0..($widths.Count - 1) | ForEach-Object { "$($cells[$_])".PadRight($widths[$_]) }) -join '  ')).TrimEnd() }
    & $format $rows[0]
    & $format @($widths | ForEach-Object { '-' * $_ })
    foreach ($row in $rows | Select-Object -Skip 1) { & $format $row }
}

function Format-Wrapped {
    # Word-wraps text to $script:AboutWidth columns after the indent; continuation lines get
    # the extra hanging indent (so list items line up under their first word).
    param([string] $Text, [string] $Indent, [string] $Hanging = '')

    $words = $Text -split '\s+' | Where-Object { $_ }
    $line = $Indent
    foreach ($word in $words) {
        $candidate = if ($line.Trim()) { "$line $word" } else { "$line$word" }
        if ($candidate.Length -gt $script:AboutWidth -and $line.Trim()) {
            $line
            $line = $Indent + $Hanging + $word
        }
        else {
            $line = $candidate
        }
    }
    if ($line.Trim()) { $line }
}

#endregion

#region Main

function Invoke-HelpGeneration {
    # Reads every cmdlet and page, reports all problems, and writes only when there are none,
    # so a failed run never leaves half-updated help behind.
    $manifest = (Resolve-Path -LiteralPath $ManifestPath).ProviderPath
    $source = (Resolve-Path -LiteralPath $SourcePath).ProviderPath
    $module = Import-Module -Name $manifest -PassThru -Force
    $problems = [Collections.Generic.List[string]]::new()
    $topics = foreach ($command in $module.ExportedCmdlets.Values | Sort-Object Name) {
        $path = Join-Path $source "$($command.Name).md"
        if (-not (Test-Path -LiteralPath $path)) {
            $problems.Add("$($command.Name): no help page; write $path.")
            continue
        }
        try {
            $null = $command.Parameters
        }
        catch {
            # PowerShell builds a cmdlet's parameter metadata on first use and rejects some
            # declarations (an alias equal to a parameter name); such a cmdlet cannot run either.
            $problems.Add("$($command.Name): PowerShell rejects its parameter declarations: $($_.Exception.Message)")
            continue
        }
        $fact = Get-CommandFact -Command $command
        $doc = Read-CommandMarkdown -Path $path -CommandName $command.Name
        foreach ($problem in Test-CommandHelp -Fact $fact -Doc $doc -Path $path) { $problems.Add($problem) }
        [pscustomobject]@{ Fact = $fact; Doc = $doc }
    }
    foreach ($page in Get-ChildItem -LiteralPath $source -Filter '*-*.md' -File | Where-Object Name -NotLike 'about_*') {
        if (-not $module.ExportedCmdlets.ContainsKey($page.BaseName)) {
            $problems.Add("$($page.BaseName): $($page.FullName) documents a command the module does not export.")
        }
    }
    if ($problems.Count -gt 0) {
        # One plain line per problem on stderr: Write-Error would wrap each in a box that
        # points at this script, not at the page to fix.
        foreach ($problem in $problems) { $Host.UI.WriteErrorLine("ERROR: $problem") }
        $Host.UI.WriteErrorLine("ERROR: help was not generated: $($problems.Count) problem(s).")
        exit 1
    }

    # A full path: .NET file APIs resolve relative paths against the process directory, which
    # need not be PowerShell's current location.
    $output = (New-Item -ItemType Directory -Force -Path $OutputPath).FullName
    # Clear what an earlier run wrote, so a removed about topic or assembly leaves no stale file.
    Get-ChildItem -LiteralPath $output -File | Where-Object { $_.Name -like '*-Help.xml' -or $_.Name -like 'about_*.help.txt' } | Remove-Item
    foreach ($group in $topics | Group-Object { $_.Fact.HelpFile }) {
        $path = Join-Path $output $group.Name
        Write-MamlFile -Path $path -Topic $group.Group
        Write-Host "Wrote $path ($($group.Count) cmdlets)."
    }
    foreach ($about in Get-ChildItem -LiteralPath $source -Filter 'about_*.md' -File) {
        $path = Join-Path $output ($about.BaseName + '.help.txt')
        $text = ConvertTo-AboutText -Line (Get-Content -LiteralPath $about.FullName -Encoding utf8)
        [System.IO.File]::WriteAllText($path, $text, [System.Text.UTF8Encoding]::new($false))
        Write-Host "Wrote $path."
    }
}

Invoke-HelpGeneration

#endregion
