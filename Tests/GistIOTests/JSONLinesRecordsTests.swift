import Gist
import Testing
@testable import GistIO

@Suite struct JSONLinesRecordsTests {
    @Test func oneRecordPerNonBlankLineWithPhysicalLines() throws {
        let text = """
        {"id": "a", "age": 61, "smoker": true}

        {"id": "b", "age": null, "drugs": ["x", "y"], "smoker": false}
           \t
        {"id": "c", "nested": {"z": 1, "y": 2}}
        """
        let results = try records(text, .jsonl, file: "cases.jsonl")
        #expect(results.count == 3)
        let a = try #require(results[0].record)
        #expect(a == RawRecord(fields: [(name: "id", value: .string("a")), (name: "age", value: .number(61)),
                                        (name: "smoker", value: .bool(true))],
                               location: RecordLocation(file: "cases.jsonl", record: 1, line: 1)))
        let b = try #require(results[1].record)
        #expect(b.location == RecordLocation(file: "cases.jsonl", record: 2, line: 3))
        #expect(b.names == ["id", "age", "drugs", "smoker"])
        #expect(b["age"] == .null)
        #expect(b["drugs"] == .array([.string("x"), .string("y")]))
        #expect(b["smoker"] == .bool(false))
        let c = try #require(results[2].record)
        #expect(c.location == RecordLocation(file: "cases.jsonl", record: 3, line: 5))
        #expect(c["nested"] == .object([("z", .number(1)), ("y", .number(2))]))
    }

    @Test func badLineInTheMiddleIsARecordErrorAndTheRestStillCome() throws {
        let text = """
        {"id": 1}
        {"id": 2,,}
        [1, 2]
        {"id": 4}
        "just text"
        {"id": 6}

        """
        let results = try records(text, .jsonl, file: "mixed.jsonl")
        #expect(results.count == 6)
        // Numeric ids are kept as written (text).
        #expect(results.compactMap { $0.record?["id"] } == [.string("1"), .string("4"), .string("6")])
        #expect(results.compactMap { $0.record?.location.record } == [1, 4, 6])

        let bad = try #require(results[1].error)
        #expect(bad.location == RecordLocation(file: "mixed.jsonl", record: 2, line: 2))
        #expect(bad.message == "invalid JSON at column 10: unexpected ',', expected a member name in double quotes")
        #expect(results[2].error == RecordError(location: RecordLocation(file: "mixed.jsonl", record: 3, line: 3),
                                                message: "record is an array, not an object"))
        #expect(results[4].error?.message == "record is a string, not an object")
        #expect(results[4].error?.location.line == 5)
    }

    @Test func twoValuesOnOneLineIsAnError() throws {
        let results = try records("{\"a\": 1} {\"a\": 2}\n{\"a\": 3}", .jsonl)
        #expect(results.count == 2)
        #expect(results[0].error?.message == "invalid JSON at column 10: unexpected '{' after the JSON value")
        #expect(results[1].record?["a"] == .number(3))
    }

    @Test func crlfLineEndings() throws {
        let results = try records("{\"a\": 1}\r\n\r\n{\"a\": \"x\"}\r\n", .jsonl)
        #expect(results.count == 2)
        #expect(results[0].record?["a"] == .number(1))
        #expect(results[1].record?["a"] == .string("x"))
        #expect(results[1].record?.location == RecordLocation(file: "cases", record: 2, line: 3))
    }

    @Test func emptyAndBlankFilesHaveNoRecords() throws {
        #expect(try records("", .jsonl).isEmpty)
        #expect(try records("\n\n  \r\n", .jsonl).isEmpty)
    }

    @Test func unterminatedStringOnALineDoesNotSwallowTheNextLine() throws {
        let results = try records("{\"a\": \"oops}\n{\"a\": 2}", .jsonl)
        #expect(results.count == 2)
        #expect(results[0].error?.message == "invalid JSON at column 13: unterminated string")
        #expect(results[1].record?["a"] == .number(2))
    }
}
