// Z3's C API (Debian: libz3-dev), for the analyses' exact arithmetic (Sources/Gist/Solver).
#include <z3.h>
