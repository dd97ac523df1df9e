import Foundation
import Testing
@testable import GistREPL

/// `:why` for a code the case does not get walks into sub-pathways: each step inside one says
/// which use it stands in, as the explanation of a recommended code does (trial of issue 16).
@Suite struct WhyNotRecommendedViaTests {
    @Test func stepsInASubPathwayNameTheirUse() throws {
        let guideline = Repo.root.appendingPathComponent("Tests/GistCLITests/Fixtures/run/guideline.gist").path
        let r = try repl("""
            :load \(guideline)
            case c { spread: metastatic, failed: {alpha, beta} }
            :why c beta_drug
            """)
        #expect(r.out.contains("guideline.gist:42:10 (in drugs, followed at line 58): beta not in failed"), "\(r.out)")
        #expect(r.out.contains("guideline.gist:41:10 (in drugs, followed at line 58): alpha in failed"), "\(r.out)")
    }
}
