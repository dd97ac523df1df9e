import Gist
import Testing
@testable import GistIO

@Suite struct YAMLRecordsTests {
    @Test func listOfMappingsWithTypesOrderAndLines() throws {
        let text = """
        # cases
        - id: a
          age: 61
          size: 4.5
          smoker: true
          note: hello world
          drugs: [imatinib, sunitinib]
          missing: ~
          empty:
          nested: {z: 1, a: x}
        - id: b
          smoker: False
          block:
            - 1
            - two
        """
        let results = try records(text, .yaml, file: "cases.yaml")
        #expect(results.count == 2)
        let a = try #require(results[0].record)
        #expect(a.location == RecordLocation(file: "cases.yaml", record: 1, line: 2))
        #expect(a.names == ["id", "age", "size", "smoker", "note", "drugs", "missing", "empty", "nested"])
        #expect(a.fields.map(\.value) == [
            .string("a"), .number(61), .number(4.5), .bool(true), .string("hello world"),
            .array([.string("imatinib"), .string("sunitinib")]), .null, .null,
            .object([("z", .number(1)), ("a", .string("x"))]),
        ])
        let b = try #require(results[1].record)
        #expect(b.location == RecordLocation(file: "cases.yaml", record: 2, line: 11))
        #expect(b["smoker"] == .bool(false))
        #expect(b["block"] == .array([.number(1), .string("two")]))
    }

    @Test func quotedAndBlockScalarsStayStrings() throws {
        let text = """
        size: "45 mm"
        flag: "true"
        single: 'false'
        num: "12"
        nul: 'null'
        tilde: "~"
        emptyQuoted: ""
        literal: |
          12
        folded: >
          true
        tagged: !!str 3.5
        """
        let record = try #require(try records(text, .yaml).first?.record)
        #expect(record.fields.map(\.value) == [
            .string("45 mm"), .string("true"), .string("false"), .string("12"), .string("null"),
            .string("~"), .string(""), .string("12\n"), .string("true\n"), .string("3.5"),
        ])
    }

    @Test func plainScalarsFollowTheCoreSchemaWithStrictBooleans() throws {
        let text = """
        a: TRUE
        b: True
        c: yes
        d: no
        e: on
        f: NO
        g: 0x1F
        h: 0o17
        i: -12
        j: +3.
        k: .5
        l: 1e3
        m: -.inf
        n: 2024-01-05
        o: 1_000
        p: NULL
        q: 45 mm
        r: 007
        s: !!int "42"
        t: !!float 1
        u: !!bool false
        v: !!null ""
        w: !!int abc
        """
        let record = try #require(try records(text, .yaml).first?.record)
        #expect(record.fields.map(\.value) == [
            .bool(true), .bool(true), .string("yes"), .string("no"), .string("on"), .string("NO"),
            .number(31), .number(15), .number(-12), .number(3), .number(0.5), .number(1000), .number(-.infinity),
            .string("2024-01-05"), .string("1_000"), .null, .string("45 mm"), .number(7),
            .number(42), .number(1), .bool(false), .null, .string("abc"),
        ])
        #expect(YAMLRecords.resolvePlain(".nan") == .number(.nan))
    }

    @Test func singleMappingIsOneRecordAndKeysStayAsWritten() throws {
        let results = try records("\n1: one\ntrue: yes\nnull: x\n", .yaml, file: "one.yml")
        #expect(results.count == 1)
        let record = try #require(results[0].record)
        #expect(record.location == RecordLocation(file: "one.yml", record: 1, line: 2))
        #expect(record.names == ["1", "true", "null"])
    }

    @Test func duplicateKeysAreKept() throws {
        let record = try #require(try records("a: 1\nb: 2\na: 3\n", .yaml).first?.record)
        #expect(record.names == ["a", "b", "a"])
        #expect(record.fields.map(\.value) == [.number(1), .number(2), .number(3)])
    }

    @Test func nonMappingElementIsARecordErrorAndOthersStillCome() throws {
        let text = "- a: 1\n- just text\n- [1, 2]\n-\n- a: 2\n"
        let results = try records(text, .yaml, file: "mixed.yaml")
        #expect(results.count == 5)
        #expect(results[0].record?["a"] == .number(1))
        #expect(results[1].error == RecordError(location: RecordLocation(file: "mixed.yaml", record: 2, line: 2),
                                                message: "record is a string, not a mapping"))
        #expect(results[2].error?.message == "record is a list, not a mapping")
        #expect(results[3].error?.message == "record is null, not a mapping")
        #expect(results[4].record?.location == RecordLocation(file: "mixed.yaml", record: 5, line: 5))
    }

    @Test func complexKeyIsARecordError() throws {
        let results = try records("- ? [a, b]\n  : 1\n- a: 2\n", .yaml)
        #expect(results.count == 2)
        #expect(results[0].error?.message == "mapping key at line 1 is not a scalar")
        #expect(results[1].record?["a"] == .number(2))
    }

    @Test func anchorsAliasesAndMergeKeys() throws {
        let text = """
        - &base
          age: 40
          sex: female
        - <<: *base
          size: 3
          age: 50
        - tags: &t [a, b]
          again: *t
        """
        let results = try records(text, .yaml)
        #expect(results.count == 3)
        let merged = try #require(results[1].record)
        #expect(merged.names == ["sex", "size", "age"])
        #expect(merged.fields.map(\.value) == [.string("female"), .number(3), .number(50)])
        #expect(results[2].record?["again"] == .array([.string("a"), .string("b")]))
    }

    @Test func severalDocumentsAreConcatenated() throws {
        let text = "---\n- a: 1\n- a: 2\n---\na: 3\n---\n"
        let results = try records(text, .yaml)
        #expect(results.compactMap { $0.record?["a"] } == [.number(1), .number(2), .number(3)])
        #expect(results.map { $0.record?.location.record } == [1, 2, 3])
        #expect(results.map { $0.record?.location.line } == [2, 3, 5])
    }

    @Test func crlfLineEndings() throws {
        let results = try records("- a: 1\r\n  b: x\r\n- a: 2\r\n", .yaml)
        #expect(results.map { $0.record?.location.line } == [1, 3])
        #expect(results[0].record?["b"] == .string("x"))
    }

    @Test func emptyListHasNoRecords() throws {
        #expect(try records("[]\n", .yaml).isEmpty)
    }

    @Test(arguments: [
        ("", "empty file"),
        ("# only a comment\n", "empty file"),
        ("just a string\n", "a YAML case file must hold a mapping or a list of mappings, not a string"),
        ("42", "a YAML case file must hold a mapping or a list of mappings, not a number"),
        ("~", "a YAML case file must hold a mapping or a list of mappings, not null"),
    ])
    func unusableDocumentsAreFileErrors(text: String, message: String) {
        let error = fileError { try RecordReader.read(text: text, format: .yaml, file: "bad.yaml") }
        #expect(error == RecordFileError(path: "bad.yaml", message: message))
    }

    /// In a plain list each item is parsed on its own: a syntax error rejects its record (with
    /// the file's line) and the records after it still come.
    @Test func syntaxErrorInAPlainListRejectsOneRecord() throws {
        let results = try records("- a: 1\n- b: [1, 2\n- c: 3\n", .yaml, file: "bad.yaml")
        #expect(results.count == 3)
        #expect(results[0].record?["a"] == .number(1))
        let error = try #require(results[1].error)
        #expect(error.location == RecordLocation(file: "bad.yaml", record: 2, line: 2))
        #expect(error.message.hasPrefix("invalid YAML: line 3, ") || error.message.hasPrefix("invalid YAML: line 2, "), "\(error.message)")
        #expect(!error.message.contains("\n"))
        #expect(results[2].record?.location == RecordLocation(file: "bad.yaml", record: 3, line: 3))
    }

    /// A file that is not cut into items is parsed whole, and a syntax error there is the file's.
    @Test func syntaxErrorIsAFileErrorWithALine() {
        let error = fileError { try RecordReader.read(text: "- a: 1\n---\n- b: [1, 2\n- c: 3\n", format: .yaml, file: "bad.yaml") }
        #expect(error?.path == "bad.yaml")
        #expect(error?.message.hasPrefix("invalid YAML: line ") == true)
        #expect(error?.message.contains("\n") == false)
    }

    @Test func aPlainListIsCutAtItsItems() throws {
        let text = "%YAML 1.2\n---\n# cases\n- id: a\n  size: 4\n\n# between\n- id: b\n  notes: |\n    two\n    lines\n-\n- id: c\r\n"
        let items = try #require(YAMLRecordStream.listItems(Array(text.utf8)))
        #expect(items.map(\.line) == [4, 8, 12, 13])
        // Cutting changes nothing: the records equal those of the whole tree.
        let streamed = try records(text, .yaml, file: "f.yaml")
        let whole = try YAMLRecords.readWhole(text: text, file: "f.yaml")
        #expect(streamed.map { $0.record?.location } == whole.map { $0.record?.location })
        #expect(streamed.map { $0.record?.fields.map(\.name) } == whole.map { $0.record?.fields.map(\.name) })
        #expect(streamed.map { $0.record?.fields.map(\.value) } == whole.map { $0.record?.fields.map(\.value) })
        #expect(streamed.map { $0.error } == whole.map { $0.error })
        #expect(streamed[1].record?["notes"] == .string("two\nlines\n"))
    }

    @Test(arguments: [
        "a: 1\n",                          // one mapping
        "- a: &x 1\n- b: *x\n",            // an alias may reach across items
        "- a: 1\n---\n- a: 2\n",           // several documents
        "- a: [1,\n2]\n",                  // a flow list continued at the margin
        "  - a: 1\n",                      // an indented list
        "[{a: 1}]\n",                      // a flow list
        "# nothing\n",
    ])
    func whatCannotBeCutIsReadWhole(text: String) {
        #expect(YAMLRecordStream.listItems(Array(text.utf8)) == nil)
    }

    @Test func undefinedAliasIsAFileError() {
        let error = fileError { try RecordReader.read(text: "a: *nope\n", format: .yaml, file: "bad.yaml") }
        #expect(error?.message.hasPrefix("invalid YAML: ") == true)
    }

    @Test func hostileNestingIsRefusedNotCrashed() {
        let flow = "a: " + String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000)
        let flowError = fileError { try RecordReader.read(text: flow, format: .yaml, file: "deep.yaml") }
        #expect(flowError?.message == "YAML nested deeper than 200 levels at line 1")

        let compact = String(repeating: "- ", count: 50_000) + "x\n"
        let compactError = fileError { try RecordReader.read(text: compact, format: .yaml, file: "deep.yaml") }
        #expect(compactError?.message == "YAML nested deeper than 200 levels at line 1")

        let fine = "a: " + String(repeating: "[", count: 150) + String(repeating: "]", count: 150)
        #expect(throws: Never.self) { try RecordReader.read(text: fine, format: .yaml, file: "ok.yaml") }
    }

    @Test func nestingJustUnderTheGuardParsesWithoutCrashing() throws {
        // 799 levels of block nesting by indentation, then 200 levels of flow nesting.
        var text = ""
        for level in 0..<799 {
            text += String(repeating: " ", count: level) + "k:\n"
        }
        text += String(repeating: " ", count: 799) + "k: " + String(repeating: "[", count: 200)
            + String(repeating: "]", count: 200) + "\n"
        let results = try records(text, .yaml)
        // Deeper than the converter's limit: reported for the record, not a crash.
        #expect(results.count == 1)
        #expect(results[0].error?.message == "nested too deeply")

        let compact = String(repeating: "- ", count: 400) + "x\n"
        let compactResults = try records(compact, .yaml)
        #expect(compactResults.first?.error?.message == "record is a list, not a mapping")
    }

    @Test func aliasBombIsRefusedNotExpanded() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...8 {
            let previous = "*a\(level - 1)"
            text += "a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        let error = fileError { try RecordReader.read(text: text, format: .yaml, file: "bomb.yaml") }
        #expect(error?.message.hasPrefix("YAML expands to more than") == true)
    }
}
