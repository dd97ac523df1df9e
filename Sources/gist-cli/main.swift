import Foundation
import GistCLI
import GistIO

exit(GistCommand.main(arguments: Array(CommandLine.arguments.dropFirst()), console: Console.standard()))
