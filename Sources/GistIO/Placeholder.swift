import Gist
