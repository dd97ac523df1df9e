import Gist
import Testing
@testable import GistIO

@Suite struct JSONRecordsTests {
    @Test func arrayOfObjectsKeepsValuesTypesOrderAndLines() throws {
        let text = """
        [
          {"zeta": 1, "alpha": true, "mid": "x", "none": null},
          {
            "size": 4.5, "flag": false, "drugs": ["a", "b"], "nested": {"b": 1, "a": [2, {"c": null}]}
          },
          {"n": -1.5e3, "zero": 0, "neg": -0.25}
        ]
        """
        let results = try records(text, .json, file: "cases.json")
        #expect(results.count == 3)
        let first = try #require(results[0].record)
        #expect(first.names == ["zeta", "alpha", "mid", "none"])
        #expect(first.fields.map(\.value) == [.number(1), .bool(true), .string("x"), .null])
        #expect(first.location == RecordLocation(file: "cases.json", record: 1, line: 2))

        let second = try #require(results[1].record)
        #expect(second.location == RecordLocation(file: "cases.json", record: 2, line: 3))
        #expect(second["size"] == .number(4.5))
        #expect(second["flag"] == .bool(false))
        #expect(second["drugs"] == .array([.string("a"), .string("b")]))
        #expect(second["nested"] == .object([("b", .number(1)), ("a", .array([.number(2), .object([("c", .null)])]))]))

        let third = try #require(results[2].record)
        #expect(third.location.line == 6)
        #expect(third.fields.map(\.value) == [.number(-1500), .number(0), .number(-0.25)])
    }

    @Test func booleansAreNotNumbersAndNumbersAreNotBooleans() throws {
        let results = try records(#"{"t": true, "f": false, "one": 1, "zero": 0, "onef": 1.0}"#, .json)
        let record = try #require(results.first?.record)
        #expect(record.fields.map(\.value) == [.bool(true), .bool(false), .number(1), .number(0), .number(1)])
    }

    @Test func singleObjectIsOneRecord() throws {
        let results = try records("\n\n  {\"age\": 61}\n", .json, file: "one.json")
        #expect(results.count == 1)
        #expect(results[0].record == RawRecord(fields: [(name: "age", value: .number(61))],
                                              location: RecordLocation(file: "one.json", record: 1, line: 3)))
    }

    @Test func duplicateKeysAreKeptInOrder() throws {
        let record = try #require(try records(#"{"a": 1, "b": 2, "a": 3}"#, .json).first?.record)
        #expect(record.names == ["a", "b", "a"])
        #expect(record.fields.map(\.value) == [.number(1), .number(2), .number(3)])
    }

    @Test func nonObjectElementIsARecordErrorAndOthersStillCome() throws {
        let text = "[\n{\"a\": 1},\n42,\n[1],\n{\"a\": 2}\n]"
        let results = try records(text, .json, file: "mixed.json")
        #expect(results.count == 4)
        #expect(results[0].record?["a"] == .number(1))
        let notObject = try #require(results[1].error)
        #expect(notObject.location == RecordLocation(file: "mixed.json", record: 2, line: 3))
        #expect(notObject.message == "record is a number, not an object")
        #expect(results[2].error?.message == "record is an array, not an object")
        #expect(results[3].record?.location == RecordLocation(file: "mixed.json", record: 4, line: 5))
        #expect(results[3].record?["a"] == .number(2))
    }

    @Test func emptyArrayHasNoRecords() throws {
        #expect(try records("[ ]", .json).isEmpty)
    }

    @Test func stringEscapesAndUnicode() throws {
        let text = #"{"s": "a\"b\\c\/d\n\t\u00e9\ud83d\ude00", "raw": "größe 😀"}"#
        let record = try #require(try records(text, .json).first?.record)
        #expect(record["s"] == .string("a\"b\\c/d\n\t\u{e9}😀"))
        #expect(record["raw"] == .string("größe 😀"))
    }

    @Test func crlfLineEndingsGiveTheSameLines() throws {
        let text = "[\r\n  {\"a\": 1},\r\n  {\"a\": 2}\r\n]\r\n"
        let results = try records(text, .json)
        #expect(results.map { $0.record?.location.line } == [2, 3])
    }

    @Test(arguments: [
        ("", "empty file"),
        ("  \n\t ", "empty file"),
        ("\"text\"", "a JSON case file must hold an object or an array of objects, not a string"),
        ("12", "a JSON case file must hold an object or an array of objects, not a number"),
        ("null", "a JSON case file must hold an object or an array of objects, not null"),
    ])
    func unusableDocumentsAreFileErrors(text: String, message: String) {
        let error = fileError { try RecordReader.read(text: text, format: .json, file: "bad.json") }
        #expect(error == RecordFileError(path: "bad.json", message: message))
    }

    @Test(arguments: [
        ("[{\"a\": 1},\n {\"a\": }]", "invalid JSON at line 2, column 8: unexpected '}', expected a value"),
        ("{\"a\": 1", "invalid JSON at line 1, column 8: unexpected end of input, expected ',' or '}' in an object"),
        ("[{\"a\": 1} {\"a\": 2}]", "invalid JSON at line 1, column 11: unexpected '{', expected ',' or ']' in an array"),
        ("{\"a\": 1} x", "invalid JSON at line 1, column 10: unexpected 'x' after the JSON value"),
        ("{\"a\": tru}", "invalid JSON at line 1, column 7: unexpected 't', expected a value"),
        ("{\"a\": 01}", "invalid JSON at line 1, column 8: leading zeros are not allowed in a number"),
        ("{\"a\": 1e999}", "invalid JSON at line 1, column 7: number 1e999 is out of range"),
        ("{\"a\": \"x\ny\"}", "invalid JSON at line 1, column 9: unterminated string (line break inside a string)"),
        ("{\"a\": \"\\q\"}", "invalid JSON at line 1, column 9: invalid escape '\\q' in a string"),
        ("{\"a\": \"\\ud800\"}", "invalid JSON at line 1, column 14: unpaired surrogate in a \\u escape"),
        ("{a: 1}", "invalid JSON at line 1, column 2: unexpected 'a', expected a member name in double quotes"),
        ("[{\"a\": 1},]", "invalid JSON at line 1, column 11: unexpected ']', expected a value"),
        ("{\"a\": NaN}", "invalid JSON at line 1, column 7: unexpected 'N', expected a value"),
    ])
    func syntaxErrorsAreFileErrorsWithPositions(text: String, message: String) {
        let error = fileError { try RecordReader.read(text: text, format: .json, file: "bad.json") }
        #expect(error?.path == "bad.json")
        #expect(error?.message == message)
    }

    @Test func deepNestingIsRefusedNotCrashed() {
        let deep = "[" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "]"
        let error = fileError { try RecordReader.read(text: deep, format: .json, file: "deep.json") }
        #expect(error?.message.contains("nesting deeper than 512 levels") == true)

        let okay = "{\"a\": " + String(repeating: "[", count: 510) + String(repeating: "]", count: 510) + "}"
        #expect(throws: Never.self) { try RecordReader.read(text: okay, format: .json, file: "ok.json") }
    }

    @Test func rawValueFromJSONText() throws {
        #expect(try RawValue(json: " [1, true, \"x\", null] ") == .array([.number(1), .bool(true), .string("x"), .null]))
        #expect(throws: JSONSyntaxError(line: 1, column: 3, message: "unexpected end of input, expected a value")) {
            try RawValue(json: "[ ")
        }
    }
}
