#ifndef GIST_CEDITLINESHIM_H
#define GIST_CEDITLINESHIM_H

// Non-variadic wrappers over the few libedit calls gist's REPL needs. el_set and history
// are variadic, which Swift cannot call; everything here is a plain C function over an
// opaque handle, so Swift never sees libedit's types.

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gist_editline gist_editline;

/// What a completion callback asks the editor to do afterwards.
enum {
    GIST_EL_REFRESH = 0,   ///< the line changed: redraw it
    GIST_EL_REDISPLAY = 1, ///< a list was printed: redraw the prompt and the line
    GIST_EL_BEEP = 2,      ///< nothing to complete
};

/// Called on Tab with the text of the line before the cursor.
typedef int (*gist_el_complete_fn)(void *context, gist_editline *editor, const char *before_cursor);

/// Opens an editor on the process's terminal: emacs keys, a history, Tab bound to the
/// completer, Ctrl-C delivered as an interrupted read, then ~/.editrc (or $EDITRC) read so
/// the user's settings win. `program` names the "program:" prefix honoured in .editrc.
/// Returns NULL if libedit cannot be set up.
gist_editline *gist_el_open(const char *program, int history_size);

/// Ends editing and restores the terminal and the previous SIGINT handler.
void gist_el_close(gist_editline *editor);

/// The prompt shown by the next read. Terminal escape sequences must be wrapped in \1.
void gist_el_set_prompt(gist_editline *editor, const char *prompt);

void gist_el_set_completer(gist_editline *editor, gist_el_complete_fn complete, void *context);

/// Reads one line. Returns 1 with *line (valid until the next read, with its newline) and
/// *length in bytes; 0 at end of input (Ctrl-D on an empty line); -1 when Ctrl-C cancelled
/// the line; -2 on another error.
int gist_el_read(gist_editline *editor, const char **line, int *length);

/// Inserts text at the cursor (from a completion callback). Returns 0 on success.
int gist_el_insert(gist_editline *editor, const char *text);

/// Adds an entry to the in-memory history (the newest entry; adjacent duplicates are
/// dropped).
void gist_el_history_add(gist_editline *editor, const char *entry);

#ifdef __cplusplus
}
#endif

#endif
