/// Every kind of diagnostic gist reports, by phase. The raw value is the stable id printed in
/// brackets (`[unknown-name]`), given in JSON output and named by `gist:ignore` pragmas; each
/// has a row in `docs/diagnostics.md` and, for the phases a `.gist` file reaches, an entry in
/// the conformance corpus (`Tests/Conformance/diagnostics/`). Add, never rename.
public enum DiagnosticID: String, CaseIterable, Sendable, Hashable {
    // Lexer and parser
    case badNumber = "bad-number"
    case duplicateOtherwise = "duplicate-otherwise"
    case invalidCharacter = "invalid-character"
    case invalidEscape = "invalid-escape"
    case missingCitation = "missing-citation"
    case missingStrength = "missing-strength"
    case otherwiseNotLast = "otherwise-not-last"
    case reservedWord = "reserved-word"
    case syntax
    case tooDeep = "too-deep"
    case tooLarge = "too-large"
    case tooLong = "too-long"
    case tooManyErrors = "too-many-errors"
    case unclosedBrace = "unclosed-brace"
    case unterminatedString = "unterminated-string"
    // Checker
    case ambiguousMember = "ambiguous-member"
    case badArguments = "bad-arguments"
    case badDate = "bad-date"
    case collectNeedsSet = "collect-needs-set"
    case cycle
    case defaultOutOfRange = "default-out-of-range"
    case duplicateCode = "duplicate-code"
    case duplicateDeclaration = "duplicate-declaration"
    case duplicateHeader = "duplicate-header"
    case duplicateHeaderField = "duplicate-header-field"
    case duplicateMember = "duplicate-member"
    case duplicatePathway = "duplicate-pathway"
    case emptyFirst = "empty-first"
    case emptyInterval = "empty-interval"
    case emptyRange = "empty-range"
    case emptyTable = "empty-table"
    case emptyText = "empty-text"
    case invalidRange = "invalid-range"
    case missingHeader = "missing-header"
    case missingHeaderField = "missing-header-field"
    case missingInputUnit = "missing-input-unit"
    case missingPathway = "missing-pathway"
    case missingUnit = "missing-unit"
    case notACount = "not-a-count"
    case notAMember = "not-a-member"
    case notConstant = "not-constant"
    case notOrdered = "not-ordered"
    case scriptInGuideline = "script-in-guideline"
    case setNeedsCollect = "set-needs-collect"
    case tableArity = "table-arity"
    case tooManyMembers = "too-many-members"
    case typeMismatch = "type-mismatch"
    case unitMismatch = "unit-mismatch"
    case unitOnNonQuantity = "unit-on-non-quantity"
    case unknownCode = "unknown-code"
    case unknownFunction = "unknown-function"
    case unknownName = "unknown-name"
    case unknownType = "unknown-type"
    case unknownUnit = "unknown-unit"
    case untypedSet = "untyped-set"
    case unusedInput = "unused-input"
    case unusedValue = "unused-value"
    // Input-space analyses (`gist check` on a guideline without errors)
    case analysisLimit = "analysis-limit"
    case approximateAnalysis = "approximate-analysis"
    case divisionByZero = "division-by-zero"
    case emptyPathway = "empty-pathway"
    case exclusiveConflict = "exclusive-conflict"
    case indistinctMembers = "indistinct-members"
    case noRecommendation = "no-recommendation"
    case tableGap = "table-gap"
    case tableOverlap = "table-overlap"
    case tableRowNeverMatches = "table-row-never-matches"
    case tableShadowedRow = "table-shadowed-row"
    case unreachableAlternative = "unreachable-alternative"
    case unreachableBranch = "unreachable-branch"
    case unreachableOtherwise = "unreachable-otherwise"
    case unreachableRecommendation = "unreachable-recommendation"
    case unusedRecommendation = "unused-recommendation"
    // Pragmas
    case pragmaWithoutReason = "pragma-without-reason"
    case unusedPragma = "unused-pragma"
    // Scripts (`gist test`, the REPL)
    case badCount = "bad-count"
    case badRecord = "bad-record"
    case declarationInScript = "declaration-in-script"
    case duplicateField = "duplicate-field"
    case guidelineHasErrors = "guideline-has-errors"
    case needsCase = "needs-case"
    case noGuideline = "no-guideline"
    case notAGuideline = "not-a-guideline"
    case notAScript = "not-a-script"
    case builtinTypeName = "builtin-type-name"
    case unknownPathway = "unknown-pathway"
    case recursivePathway = "recursive-pathway"
    case unusedPathway = "unused-pathway"
    case unknownEvidenceScheme = "unknown-evidence-scheme"
    case unknownGrade = "unknown-grade"
    case notAModule = "not-a-module"
    case useCycle = "use-cycle"
    case expectationFailed = "expectation-failed"
    case outOfRange = "out-of-range"
    case unknownCase = "unknown-case"
    case unknownField = "unknown-field"
    case unreadable
    // REPL commands
    case ambiguousCommand = "ambiguous-command"
    case declarationInRepl = "declaration-in-repl"
    case unknownCommand = "unknown-command"
    case unwritable
    case usage

    /// Where a diagnostic comes from.
    public enum Phase: Sendable { case syntax, check, analysis, pragma, script, repl }

    public var phase: Phase {
        switch self {
        case .badNumber, .duplicateOtherwise, .invalidCharacter, .invalidEscape, .missingCitation,
             .missingStrength, .otherwiseNotLast, .reservedWord, .syntax, .tooDeep, .tooLarge, .tooLong,
             .tooManyErrors, .unclosedBrace, .unterminatedString:
            return .syntax
        case .ambiguousMember, .badDate, .collectNeedsSet, .cycle, .defaultOutOfRange, .duplicateCode,
             .duplicateDeclaration, .duplicateHeader, .duplicateHeaderField, .duplicateMember, .duplicatePathway,
             .emptyFirst, .emptyInterval, .emptyRange, .emptyTable, .emptyText, .invalidRange, .missingHeader,
             .missingHeaderField, .missingInputUnit, .missingPathway, .missingUnit, .notACount, .notAMember,
             .notConstant, .notOrdered, .scriptInGuideline, .setNeedsCollect, .tableArity, .tooManyMembers,
             .typeMismatch, .unitMismatch, .unitOnNonQuantity, .unknownCode, .unknownName, .unknownType,
             .unknownUnit, .untypedSet, .unusedInput, .unusedValue,
             .builtinTypeName, .unknownPathway, .recursivePathway, .unusedPathway,
             .unknownFunction, .badArguments, .unknownEvidenceScheme, .unknownGrade, .notAModule, .useCycle:
            return .check
        case .analysisLimit, .approximateAnalysis, .emptyPathway, .exclusiveConflict, .indistinctMembers,
             .noRecommendation, .tableGap, .tableOverlap, .tableRowNeverMatches, .tableShadowedRow,
             .unreachableAlternative, .unreachableBranch, .unreachableOtherwise, .unreachableRecommendation,
             .unusedRecommendation, .divisionByZero:
            return .analysis
        case .pragmaWithoutReason, .unusedPragma:
            return .pragma
        case .badCount, .badRecord, .declarationInScript, .duplicateField, .guidelineHasErrors, .needsCase,
             .noGuideline, .notAGuideline, .notAScript, .expectationFailed, .outOfRange, .unknownCase, .unknownField, .unreadable:
            return .script
        case .ambiguousCommand, .declarationInRepl, .unknownCommand, .unwritable, .usage:
            return .repl
        }
    }

    public var severity: Diagnostic.Severity {
        switch self {
        case .analysisLimit, .emptyPathway, .indistinctMembers, .noRecommendation, .pragmaWithoutReason,
             .tableGap, .tableRowNeverMatches, .tableShadowedRow, .unreachableAlternative, .unreachableBranch,
             .unreachableOtherwise, .unreachableRecommendation, .unusedInput, .unusedPragma,
             .unusedRecommendation, .unusedValue, .unusedPathway, .divisionByZero:
            return .warning
        case .approximateAnalysis:
            return .note
        case .ambiguousCommand, .ambiguousMember, .badCount, .badDate, .badNumber, .badRecord, .collectNeedsSet,
             .cycle, .declarationInRepl, .declarationInScript, .defaultOutOfRange, .duplicateCode,
             .duplicateDeclaration, .duplicateField, .duplicateHeader, .duplicateHeaderField, .duplicateMember,
             .duplicateOtherwise, .duplicatePathway, .emptyFirst, .emptyInterval, .emptyRange, .emptyTable,
             .emptyText, .exclusiveConflict, .guidelineHasErrors, .invalidCharacter, .invalidEscape,
             .invalidRange, .missingCitation, .missingHeader, .missingHeaderField, .missingInputUnit,
             .missingPathway, .missingStrength, .missingUnit, .needsCase, .noGuideline, .notACount,
             .notAGuideline, .notAScript, .expectationFailed, .builtinTypeName, .unknownPathway,
             .unknownEvidenceScheme, .unknownGrade, .notAModule, .useCycle,
             .recursivePathway, .notAMember, .notConstant, .notOrdered, .otherwiseNotLast, .outOfRange,
             .reservedWord, .scriptInGuideline, .setNeedsCollect, .syntax, .tableArity, .tableOverlap, .tooDeep,
             .tooLarge, .tooLong, .tooManyErrors, .tooManyMembers, .typeMismatch, .unclosedBrace, .unitMismatch,
             .unitOnNonQuantity, .unknownCase, .unknownCode, .unknownCommand, .unknownField, .unknownName,
             .unknownType, .unknownUnit, .unreadable, .unterminatedString, .untypedSet, .unwritable, .usage,
             .unknownFunction, .badArguments:
            return .error
        }
    }

    /// Whether a `gist:ignore ID: reason` pragma may silence it: warnings and notes, and the two
    /// analysis errors a reviewer may accept knowingly. Language errors cannot be silenced.
    public var pragmaMaySilence: Bool {
        severity != .error || self == .tableOverlap || self == .exclusiveConflict
    }

    /// After this, the lexer's token stream is cut short: the parser reports nothing more.
    public var stopsParsing: Bool { self == .tooLarge || self == .tooManyErrors }

    /// Where the id is explained: its row in the documentation's table of diagnostics.
    public var docsAnchor: String { "docs/diagnostics.md#\(rawValue)" }
}
