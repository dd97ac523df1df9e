// libedit's native API (el_*, history). Swift reaches it only through CEditLineShim,
// because el_set, el_get and history are variadic.
#include <histedit.h>
