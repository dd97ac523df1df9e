import Foundation
import GistCLI

exit(GistCommand.main(arguments: Array(CommandLine.arguments.dropFirst()), console: Console.standard()))
