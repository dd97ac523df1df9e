#define _GNU_SOURCE // ppoll; before any system header
#include "CEditLineShim.h"

#include <errno.h>
#include <histedit.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

struct gist_editline {
    EditLine *el;
    History *history;
    HistEvent event;
    char *prompt;
    gist_el_complete_fn complete;
    void *context;
    struct sigaction previous_sigint;
};

// Set by the SIGINT handler. Its only job is to exist: with a handler installed (and no
// SA_RESTART), libedit's read returns NULL with errno EINTR instead of the process dying.
static volatile sig_atomic_t interrupted = 0;

static void on_sigint(int signo) {
    (void)signo;
    interrupted = 1;
}

#ifdef __linux__
// Reads one key for libedit. libedit's own reader only notices Ctrl-C when the signal
// interrupts its read(2); a Ctrl-C that arrives while it is busy (redrawing, completing)
// would be lost and leave the terminal in cooked mode. Here SIGINT is blocked except
// inside ppoll, and the flag is checked before every wait, so no Ctrl-C is missed: the
// read ends with EINTR and the line is dropped.
static int read_key(EditLine *el, wchar_t *wc) {
    (void)el;
    mbstate_t state;
    memset(&state, 0, sizeof state);
    sigset_t sigint, old;
    sigemptyset(&sigint);
    sigaddset(&sigint, SIGINT);
    for (;;) {
        sigprocmask(SIG_BLOCK, &sigint, &old);
        if (interrupted) {
            sigprocmask(SIG_SETMASK, &old, NULL);
            errno = EINTR;
            return -1;
        }
        struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN, .revents = 0 };
        sigset_t waiting = old;
        sigdelset(&waiting, SIGINT);
        int ready = ppoll(&p, 1, NULL, &waiting);
        sigprocmask(SIG_SETMASK, &old, NULL);
        if (ready < 0) {
            if (errno == EINTR) continue; // the flag decides
            return -1;
        }
        char c;
        ssize_t n = read(STDIN_FILENO, &c, 1);
        if (n == 0) return 0;
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            return -1;
        }
        size_t k = mbrtowc(wc, &c, 1, &state);
        if (k == (size_t)-2) continue; // more bytes of this character follow
        if (k == (size_t)-1) {         // not valid in this locale: pass the byte on
            memset(&state, 0, sizeof state);
            *wc = (wchar_t)(unsigned char)c;
        }
        return 1;
    }
}
#endif

static char *prompt_of(EditLine *el) {
    gist_editline *e = NULL;
    el_get(el, EL_CLIENTDATA, &e);
    return e != NULL && e->prompt != NULL ? e->prompt : "";
}

static unsigned char complete_key(EditLine *el, int ch) {
    (void)ch;
    gist_editline *e = NULL;
    el_get(el, EL_CLIENTDATA, &e);
    if (e == NULL || e->complete == NULL) return CC_REFRESH_BEEP;
    const LineInfo *li = el_line(el);
    size_t n = (size_t)(li->cursor - li->buffer);
    char *before = malloc(n + 1);
    if (before == NULL) return CC_REFRESH_BEEP;
    memcpy(before, li->buffer, n);
    before[n] = '\0';
    int r = e->complete(e->context, e, before);
    free(before);
    switch (r) {
    case GIST_EL_REFRESH: return CC_REFRESH;
    case GIST_EL_REDISPLAY: return CC_REDISPLAY;
    default: return CC_REFRESH_BEEP;
    }
}

gist_editline *gist_el_open(const char *program, int history_size) {
    // libedit follows LC_CTYPE but never sets it; without this, UTF-8 input is mangled.
    setlocale(LC_CTYPE, "");
    gist_editline *e = calloc(1, sizeof *e);
    if (e == NULL) return NULL;
    e->el = el_init(program, stdin, stdout, stderr);
    e->history = history_init();
    if (e->el == NULL || e->history == NULL) {
        if (e->el != NULL) el_end(e->el);
        if (e->history != NULL) history_end(e->history);
        free(e);
        return NULL;
    }
    history(e->history, &e->event, H_SETSIZE, history_size > 0 ? history_size : 1000);
    history(e->history, &e->event, H_SETUNIQUE, 1);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; // no SA_RESTART: the read must be interrupted
    sigaction(SIGINT, &sa, &e->previous_sigint);

    el_set(e->el, EL_CLIENTDATA, e);
    el_set(e->el, EL_EDITOR, "emacs");
    el_set(e->el, EL_SIGNAL, 1);
    el_set(e->el, EL_HIST, history, e->history);
#ifdef __linux__
    el_set(e->el, EL_GETCFN, read_key); // ppoll is Linux's; elsewhere libedit's own reader
#endif
    // '\1' brackets escape sequences so libedit does not count them as prompt width.
    el_set(e->el, EL_PROMPT_ESC, prompt_of, '\1');
    el_set(e->el, EL_ADDFN, "gist-complete", "Complete the word before the cursor", complete_key);
    el_set(e->el, EL_BIND, "^I", "gist-complete", NULL);
    // Last, so that the user's ~/.editrc overrides these defaults. Missing file: harmless.
    el_source(e->el, NULL);
    return e;
}

void gist_el_close(gist_editline *e) {
    if (e == NULL) return;
    fflush(stdout);
    el_end(e->el);
    history_end(e->history);
    sigaction(SIGINT, &e->previous_sigint, NULL);
    free(e->prompt);
    free(e);
}

void gist_el_set_prompt(gist_editline *e, const char *prompt) {
    char *copy = strdup(prompt != NULL ? prompt : "");
    if (copy == NULL) return;
    free(e->prompt);
    e->prompt = copy;
}

void gist_el_set_completer(gist_editline *e, gist_el_complete_fn complete, void *context) {
    e->complete = complete;
    e->context = context;
}

int gist_el_read(gist_editline *e, const char **line, int *length) {
    interrupted = 0;
    int count = 0;
    errno = 0;
    const char *s = el_gets(e->el, &count);
    if (s != NULL && count > 0) {
        *line = s;
        *length = count;
        return 1;
    }
    if (count == 0 && !interrupted) return 0;
    if (errno == EINTR || interrupted) {
        // libedit has already emptied its buffer; start the next read clean.
        el_reset(e->el);
        return -1;
    }
    return -2;
}

int gist_el_insert(gist_editline *e, const char *text) {
    return el_insertstr(e->el, text);
}

void gist_el_history_add(gist_editline *e, const char *entry) {
    history(e->history, &e->event, H_ENTER, entry);
}
