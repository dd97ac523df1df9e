import Gist
import Yams

/// Case records from YAML: a list of mappings (records 1…n) or one mapping (one record).
/// A stream of several `---` documents is read as the concatenation of its documents.
///
/// Built on Yams' node API (`Parser.nextRoot`), so every record has the line where its
/// mapping starts. Scalars are typed by the YAML 1.2 core schema, with booleans limited to
/// true/false (so `no`, `on`, `NO` stay strings): plain `~`, `null` and empty are `.null`;
/// plain `true`/`false` (any of the three capitalisations) are `.bool`; plain integers,
/// floats, `.inf` and `.nan` are `.number`; everything else (and every quoted, literal or
/// folded scalar, and every scalar tagged `!!str`) is `.string`. Explicit `!!int`, `!!float`,
/// `!!bool` and `!!null` tags are honoured when the text fits. Merge keys (`<<: *base`) are
/// applied; the mapping's own keys win over merged ones.
enum YAMLRecords {
    /// Deeper flow nesting than this is refused before parsing (Yams composes recursively).
    static let maxNesting = 200
    /// Bound on converted nodes, against alias bombs ("billion laughs").
    static let maxNodes = 1_000_000
    /// A YAML file that is not a plain list of records is parsed into a whole tree (many times
    /// the file's size in memory): such files are refused above this size (docs/formats.md).
    static let maxFileSize = 4 << 20

    /// Every record of a YAML text, as a file of it is read (`YAMLRecordStream`).
    static func read(text: String, file: String) throws(RecordFileError) -> [Result<RawRecord, RecordError>] {
        let stream = try YAMLRecordStream(bytes: Array(text.utf8), file: file)
        var results: [Result<RawRecord, RecordError>] = []
        while let record = stream.next() { results.append(record) }
        return results
    }

    /// One item of a plain list (its text from its `-`, which is on line `firstLine` of the
    /// file) as record `number`: a syntax error in it is this record rejected.
    static func record(item: String, number: Int, firstLine: Int, file: String) -> Result<RawRecord, RecordError> {
        let lineOffset = firstLine - 1
        let element: Node
        do {
            let parser = try Parser(yaml: item)
            guard case .sequence(let sequence)? = try parser.nextRoot(), sequence.count == 1, let only = sequence.first else {
                return .failure(RecordError(location: RecordLocation(file: file, record: number, line: firstLine),
                                            message: "invalid YAML: not one list item"))
            }
            element = only
        } catch {
            return .failure(RecordError(location: RecordLocation(file: file, record: number, line: firstLine),
                                        message: "invalid YAML: \(describe(error, lineOffset: lineOffset))"))
        }
        var converter = Converter(lineOffset: lineOffset)
        let line = element.mark.map { $0.line + lineOffset } ?? firstLine
        guard case .mapping(let mapping) = element else {
            return .failure(RecordError(location: RecordLocation(file: file, record: number, line: line),
                                        message: "record is \(converter.kind(of: element)), not a mapping"))
        }
        return converter.record(mapping, number: number, line: line, file: file)
    }

    /// Every record of a YAML text parsed as one tree (several documents, aliases).
    static func readWhole(text: String, file: String) throws(RecordFileError) -> [Result<RawRecord, RecordError>] {
        var documents: [Node] = []
        do {
            let parser = try Parser(yaml: text)
            while let node = try parser.nextRoot() {
                documents.append(node)
            }
        } catch {
            throw RecordFileError(path: file, message: "invalid YAML: \(describe(error))")
        }
        // Empty documents (a stray `---`, a comments-only file) hold no records.
        documents.removeAll { node in
            if case .scalar(let scalar) = node, scalar.string.isEmpty, scalar.style == .plain || scalar.style == .any,
               scalar.tag.description.isEmpty {
                return true
            }
            return false
        }
        guard !documents.isEmpty else {
            throw RecordFileError(path: file, message: "empty file")
        }

        var converter = Converter()
        var results: [Result<RawRecord, RecordError>] = []
        for document in documents {
            switch document {
            case .mapping(let mapping):
                results.append(converter.record(mapping, number: results.count + 1, line: mapping.mark?.line, file: file))
            case .sequence(let sequence):
                for element in sequence {
                    let number = results.count + 1
                    let line = element.mark?.line
                    if case .mapping(let mapping) = element {
                        results.append(converter.record(mapping, number: number, line: line, file: file))
                    } else {
                        let kind = converter.kind(of: element)
                        results.append(.failure(RecordError(location: RecordLocation(file: file, record: number, line: line),
                                                            message: "record is \(kind), not a mapping")))
                    }
                }
            case .scalar:
                let kind = converter.kind(of: document)
                throw RecordFileError(path: file, message: "a YAML case file must hold a mapping or a list of "
                    + "mappings, not \(kind)")
            }
            if converter.exceeded {
                throw RecordFileError(path: file, message: "YAML expands to more than \(maxNodes) values "
                    + "(aliases nested too deeply?)")
            }
        }
        return results
    }

    /// The line where the nesting might pass `maxNesting`, found by a cheap over-estimate:
    /// Yams composes recursively, so hostile nesting must be refused before parsing.
    ///
    /// Flow nesting is estimated by counting every `[`/`{` as opening and `]`/`}` as closing,
    /// even inside quotes and comments. Block nesting needs one more column per level, taken
    /// by indentation or by compact indicators (`- - - x`), so it is bounded by the length of
    /// a line's leading run of spaces, tabs, `-`, `?` and `:`. Over-estimating only refuses
    /// absurd files.
    static func excessiveNestingLine(_ text: some Sequence<UInt8>) -> Int? {
        var flowDepth = 0
        var line = 1
        var leadingRun = 0
        var atLineStart = true
        for byte in text {
            if byte == UInt8(ascii: "\n") {
                line += 1
                leadingRun = 0
                atLineStart = true
                continue
            }
            if atLineStart {
                switch byte {
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"):
                    leadingRun += 1
                    if leadingRun > maxNesting * 4 { return line }
                    continue
                default:
                    atLineStart = false
                }
            }
            switch byte {
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                flowDepth += 1
                if flowDepth > maxNesting { return line }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                flowDepth = max(0, flowDepth - 1)
            default:
                break
            }
        }
        return nil
    }

    /// A Yams error as "line L, column C: problem", its line moved down by `lineOffset`.
    static func describe(_ error: Error, lineOffset: Int = 0) -> String {
        guard let yamlError = error as? YamlError else { return "\(error)" }
        switch yamlError {
        case let .scanner(context, problem, mark, _),
             let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let contextText = context.map { "\($0.text) " } ?? ""
            return "line \(mark.line + lineOffset), column \(mark.column): \(contextText)\(problem)"
        case let .reader(problem, offset, _, _):
            return offset.map { "\(problem) at byte \($0)" } ?? problem
        default:
            return "\(yamlError)".split(separator: "\n").first.map(String.init) ?? "unreadable"
        }
    }

    /// Converts Yams nodes to `RawValue`s, counting nodes against `maxNodes`.
    struct Converter {
        private(set) var nodes = 0
        /// Lines of the file before the parsed text (an item of a plain list).
        var lineOffset = 0
        var exceeded: Bool { nodes > YAMLRecords.maxNodes }

        struct Failure: Error {
            var message: String
        }

        mutating func record(_ mapping: Node.Mapping, number: Int, line: Int?, file: String) -> Result<RawRecord, RecordError> {
            let location = RecordLocation(file: file, record: number, line: line)
            do {
                let pairs = try members(of: mapping, depth: 0)
                return .success(RawRecord(fields: pairs.map { (name: $0.0, value: $0.1) }, location: location))
            } catch {
                return .failure(RecordError(location: location, message: error.message))
            }
        }

        mutating func value(_ node: Node, depth: Int) throws(Failure) -> RawValue {
            nodes += 1
            guard !exceeded else { throw Failure(message: "too many values") }
            guard depth <= YAMLRecords.maxNesting else { throw Failure(message: "nested too deeply") }
            switch node {
            case .scalar(let scalar):
                return YAMLRecords.resolve(scalar)
            case .sequence(let sequence):
                var elements: [RawValue] = []
                elements.reserveCapacity(sequence.count)
                for element in sequence {
                    elements.append(try value(element, depth: depth + 1))
                }
                return .array(elements)
            case .mapping(let mapping):
                return .object(try members(of: mapping, depth: depth + 1))
            }
        }

        /// The members of a mapping in file order, duplicates kept, merge keys applied.
        mutating func members(of mapping: Node.Mapping, depth: Int) throws(Failure) -> [(String, RawValue)] {
            var own: [(String, RawValue)] = []
            // Merged members go where the `<<` key stands; filled in after the own keys are known.
            var merges: [(position: Int, sources: [Node.Mapping])] = []
            for (key, valueNode) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    throw Failure(message: "mapping key\(key.mark.map { " at line \($0.line + lineOffset)" } ?? "") is not a scalar")
                }
                if keyScalar.string == "<<", keyScalar.style == .plain || keyScalar.style == .any {
                    switch valueNode {
                    case .mapping(let source):
                        merges.append((own.count, [source]))
                    case .sequence(let sequence):
                        var sources: [Node.Mapping] = []
                        for element in sequence {
                            guard case .mapping(let source) = element else {
                                throw Failure(message: "merge key '<<' takes a mapping or a list of mappings")
                            }
                            sources.append(source)
                        }
                        merges.append((own.count, sources))
                    default:
                        throw Failure(message: "merge key '<<' takes a mapping or a list of mappings")
                    }
                    continue
                }
                // An id that reads as a number is kept as written: `00123` stays `00123`.
                if keyScalar.string == "id", case .scalar(let id) = valueNode, case .number = YAMLRecords.resolve(id) {
                    own.append(("id", .string(id.string)))
                    continue
                }
                own.append((keyScalar.string, try value(valueNode, depth: depth + 1)))
            }
            guard !merges.isEmpty else { return own }
            var present = Set(own.map(\.0))
            var result: [(String, RawValue)] = []
            var ownIndex = 0
            for merge in merges {
                while ownIndex < merge.position {
                    result.append(own[ownIndex])
                    ownIndex += 1
                }
                // Earlier sources win over later ones, own keys over all of them.
                for source in merge.sources {
                    for (name, value) in try members(of: source, depth: depth + 1) where !present.contains(name) {
                        present.insert(name)
                        result.append((name, value))
                    }
                }
            }
            result.append(contentsOf: own[ownIndex...])
            return result
        }

        func kind(of node: Node) -> String {
            switch node {
            case .scalar(let scalar): return YAMLRecords.resolve(scalar).kindDescription
            case .sequence: return "a list"
            case .mapping: return "a mapping"
            }
        }
    }

    // MARK: - Scalars

    private static let tagPrefix = "tag:yaml.org,2002:"

    static func resolve(_ scalar: Node.Scalar) -> RawValue {
        let text = scalar.string
        let tag = scalar.tag.description
        if tag.isEmpty {
            // Untagged: only plain scalars are typed by their text.
            guard scalar.style == .plain || scalar.style == .any else { return .string(text) }
            return resolvePlain(text)
        }
        switch tag {
        case tagPrefix + "null":
            return .null
        case tagPrefix + "bool":
            return coreBool(text).map(RawValue.bool) ?? .string(text)
        case tagPrefix + "int", tagPrefix + "float":
            return (coreInt(text) ?? coreFloat(text)).map(RawValue.number) ?? .string(text)
        default:
            // !!str, the non-specific "!", and any other tag: the text as written.
            return .string(text)
        }
    }

    /// YAML 1.2 core schema resolution of a plain scalar (booleans: true/false only).
    static func resolvePlain(_ text: String) -> RawValue {
        switch text {
        case "", "~", "null", "Null", "NULL":
            return .null
        default:
            break
        }
        if let bool = coreBool(text) { return .bool(bool) }
        if let number = coreInt(text) ?? coreFloat(text) { return .number(number) }
        return .string(text)
    }

    static func coreBool(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    /// `[-+]?[0-9]+`, `0o[0-7]+`, `0x[0-9a-fA-F]+`.
    static func coreInt(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return nil }
        if bytes.count > 2, bytes[0] == UInt8(ascii: "0") {
            let digits = String(decoding: bytes[2...], as: UTF8.self)
            if bytes[1] == UInt8(ascii: "o"), digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x37 }) {
                return UInt64(digits, radix: 8).map { Double($0) }
            }
            if bytes[1] == UInt8(ascii: "x"), digits.utf8.allSatisfy(\.isHexDigit) {
                return UInt64(digits, radix: 16).map { Double($0) }
            }
        }
        var body = bytes[...]
        if let sign = body.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { body = body.dropFirst() }
        guard !body.isEmpty, body.allSatisfy(\.isDecimalDigit) else { return nil }
        return Double(text)
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, `[-+]?\.inf` and `\.nan`
    /// (each in three capitalisations).
    static func coreFloat(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        var rest = Array(text.utf8)[...]
        if let sign = rest.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { rest = rest.dropFirst() }
        let integerDigits = rest.prefix(while: \.isDecimalDigit).count
        rest = rest.dropFirst(integerDigits)
        var fractionDigits = 0
        if rest.first == UInt8(ascii: ".") {
            rest = rest.dropFirst()
            fractionDigits = rest.prefix(while: \.isDecimalDigit).count
            rest = rest.dropFirst(fractionDigits)
        }
        guard integerDigits + fractionDigits > 0 else { return nil }
        if let e = rest.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            rest = rest.dropFirst()
            if let sign = rest.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { rest = rest.dropFirst() }
            let exponentDigits = rest.prefix(while: \.isDecimalDigit).count
            guard exponentDigits > 0 else { return nil }
            rest = rest.dropFirst(exponentDigits)
        }
        guard rest.isEmpty else { return nil }
        return Double(text)
    }
}

private extension UInt8 {
    var isDecimalDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
    var isHexDigit: Bool {
        isDecimalDigit || (self >= UInt8(ascii: "a") && self <= UInt8(ascii: "f"))
            || (self >= UInt8(ascii: "A") && self <= UInt8(ascii: "F"))
    }
}
