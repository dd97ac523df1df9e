import Gist
import Testing
@testable import GistIO

@Suite struct CSVRecordsTests {
    @Test func headerNamesFieldsAndValuesAreTrimmedStringsOrNull() throws {
        let text = """
         id , age,size , drugs,smoker
        a,61, 4.5 ,imatinib;sunitinib,true
        b,,"  3 cm ",,false
        """
        let results = try records(text, .csv, file: "cases.csv")
        #expect(results.count == 2)
        let a = try #require(results[0].record)
        #expect(a == RawRecord(fields: [
            (name: "id", value: .string("a")), (name: "age", value: .string("61")),
            (name: "size", value: .string("4.5")), (name: "drugs", value: .string("imatinib;sunitinib")),
            (name: "smoker", value: .string("true")),
        ], location: RecordLocation(file: "cases.csv", record: 1, line: 2)))
        let b = try #require(results[1].record)
        #expect(b.location == RecordLocation(file: "cases.csv", record: 2, line: 3))
        #expect(b.fields.map(\.value) == [.string("b"), .null, .string("3 cm"), .null, .string("false")])
    }

    @Test func quotedFieldsWithCommasQuotesAndNewlinesKeepRealLines() throws {
        let text = "id,note\n1,\"a, b\"\n2,\"line one\nline two\nline three\"\n3,\"say \"\"hi\"\"\"\n4,plain\n"
        let results = try records(text, .csv)
        #expect(results.map { $0.record?.location.line } == [2, 3, 6, 7])
        #expect(results.map { $0.record?.location.record } == [1, 2, 3, 4])
        #expect(results[0].record?["note"] == .string("a, b"))
        #expect(results[1].record?["note"] == .string("line one\nline two\nline three"))
        #expect(results[2].record?["note"] == .string("say \"hi\""))
    }

    @Test func wrongFieldCountIsARecordErrorAndOtherRowsStillCome() throws {
        let text = "a,b,c\n1,2,3\n1,2,3,4,5\n1,2\n7,8,9\n"
        let results = try records(text, .csv, file: "bad.csv")
        #expect(results.count == 4)
        #expect(results[0].record?.fields.map(\.value) == [.string("1"), .string("2"), .string("3")])
        #expect(results[1].error == RecordError(location: RecordLocation(file: "bad.csv", record: 2, line: 3),
                                                message: "row has 5 fields, header has 3"))
        #expect(results[2].error?.message == "row has 2 fields, header has 3")
        #expect(results[2].error?.location.line == 4)
        #expect(results[3].record?.location == RecordLocation(file: "bad.csv", record: 4, line: 5))
        #expect(results[3].record?["c"] == .string("9"))
    }

    @Test func blankRowsAreSkippedButCountAsLines() throws {
        let text = "\n\na,b\n\n1,2\n  \n,\n3,4\n"
        let results = try records(text, .csv)
        #expect(results.count == 2)
        #expect(results.map { $0.record?.location.line } == [5, 8])
        #expect(results.map { $0.record?.location.record } == [1, 2])
    }

    @Test func crlfLineEndings() throws {
        let text = "a,b\r\n1,\"x\r\ny\"\r\n2,z\r\n"
        let results = try records(text, .csv)
        #expect(results.count == 2)
        #expect(results[0].record?.fields.map(\.value) == [.string("1"), .string("x\r\ny")])
        #expect(results[1].record?.fields.map(\.value) == [.string("2"), .string("z")])
        #expect(results.map { $0.record?.location.line } == [2, 4])
    }

    @Test func spacesAroundQuotedFieldsAreAllowed() throws {
        let results = try records("name , age\n \"Smith, J\" , 42\n", .csv)
        #expect(results.first?.record?.fields.map(\.value) == [.string("Smith, J"), .string("42")])
    }

    @Test func headerOnlyHasNoRecords() throws {
        #expect(try records("a,b,c\n", .csv).isEmpty)
        #expect(try records("a,b,c", .csv).isEmpty)
    }

    @Test(arguments: ["", "\n", "  \n\r\n"])
    func noHeaderRowIsAFileError(text: String) {
        let error = fileError { try RecordReader.read(text: text, format: .csv, file: "empty.csv") }
        #expect(error == RecordFileError(path: "empty.csv", message: "no header row"))
    }

    @Test func lineBreakCounting() {
        #expect(CSVRecords.lineBreaks(in: "a\nb\r\nc\rd") == 3)
        #expect(CSVRecords.lineBreaks(in: "\r\r\n\n") == 3)
        #expect(CSVRecords.lineBreaks(in: "none") == 0)
    }
}
