/**
 * A tokenizer for the subset of Tcl that Vitis HLS project scripts use: commands separated by
 * newlines and `;`, `#` comments, words grouped with "" (substitutions apply) or {} (literal,
 * nested), backslash escapes and backslash-newline continuation, `$var` / `${var}` / `$arr(key)`
 * and `[command]` substitution, and the `{*}` expansion prefix. It only builds a syntax tree; nothing
 * is evaluated here.
 */
import { WorkbenchError } from '../core/errors';

export type WordPart =
  | { kind: 'text'; value: string }
  | { kind: 'var'; name: string; index?: WordPart[] }
  | { kind: 'cmd'; commands: TclCommand[] };

export interface TclWord {
  parts: WordPart[];
  /** A {braced} word: its text is literal. */
  braced: boolean;
  /** Prefixed with {*}: its value is spliced as a list. */
  expand: boolean;
  line: number;
}

export interface TclCommand {
  words: TclWord[];
  line: number;
}

const WS = new Set([' ', '\t', '\r', '\f', '\v']);

export function tokenizeTcl(text: string, file = '<script>', firstLine = 1): TclCommand[] {
  const p = new Parser(text, file, firstLine);
  const cmds = p.script(false);
  return cmds;
}

class Parser {
  pos = 0;
  line: number;
  constructor(
    readonly src: string,
    readonly file: string,
    firstLine: number,
  ) {
    this.line = firstLine;
  }

  fail(msg: string, line = this.line): never {
    throw new WorkbenchError('E_FILE', `Tcl syntax: ${msg}`, { file: this.file, line });
  }

  peek(o = 0): string {
    return this.src[this.pos + o] ?? '';
  }

  advance(): string {
    const c = this.src[this.pos++];
    if (c === '\n') this.line++;
    return c;
  }

  /** Skip spaces and backslash-newline continuations (which count as a space between words). */
  skipSpace(): void {
    for (;;) {
      const c = this.peek();
      if (WS.has(c)) this.advance();
      else if (c === '\\' && this.peek(1) === '\n') {
        this.advance();
        this.advance();
      } else if (c === '\\' && this.peek(1) === '\r' && this.peek(2) === '\n') {
        this.advance();
        this.advance();
        this.advance();
      } else return;
    }
  }

  /** Parse commands until end of input, or until the `]` closing a command substitution. */
  script(inBracket: boolean): TclCommand[] {
    const cmds: TclCommand[] = [];
    for (;;) {
      // Between commands: whitespace, newlines, semicolons, comments.
      for (;;) {
        this.skipSpace();
        const c = this.peek();
        if (c === '\n' || c === ';') this.advance();
        else if (c === '#') this.comment();
        else break;
      }
      if (this.pos >= this.src.length) {
        if (inBracket) this.fail('missing close-bracket');
        return cmds;
      }
      if (inBracket && this.peek() === ']') {
        this.advance();
        return cmds;
      }
      const cmd = this.command(inBracket);
      if (cmd.words.length) cmds.push(cmd);
    }
  }

  comment(): void {
    // A comment runs to the end of the line; a backslash-newline continues it.
    while (this.pos < this.src.length) {
      const c = this.peek();
      if (c === '\\') {
        this.advance();
        if (this.pos < this.src.length) this.advance();
        continue;
      }
      if (c === '\n') return;
      this.advance();
    }
  }

  command(inBracket: boolean): TclCommand {
    const line = this.line;
    const words: TclWord[] = [];
    for (;;) {
      this.skipSpace();
      const c = this.peek();
      if (this.pos >= this.src.length || c === '\n' || c === ';') break;
      if (inBracket && c === ']') break;
      words.push(this.word(inBracket));
    }
    return { words, line };
  }

  word(inBracket: boolean): TclWord {
    const line = this.line;
    let expand = false;
    if (this.src.startsWith('{*}', this.pos) && this.pos + 3 < this.src.length && !WS.has(this.src[this.pos + 3]) && this.src[this.pos + 3] !== '\n') {
      this.pos += 3;
      expand = true;
    }
    const c = this.peek();
    if (c === '{') {
      const value = this.braced();
      this.expectWordEnd(inBracket, 'close-brace');
      return { parts: [{ kind: 'text', value }], braced: true, expand, line };
    }
    if (c === '"') {
      this.advance();
      const parts = this.parts((ch) => ch === '"', inBracket);
      if (this.peek() !== '"') this.fail('missing "', line);
      this.advance();
      this.expectWordEnd(inBracket, 'close-quote');
      return { parts, braced: false, expand, line };
    }
    const parts = this.parts((ch) => WS.has(ch) || ch === '\n' || ch === ';' || (inBracket && ch === ']'), inBracket);
    return { parts, braced: false, expand, line };
  }

  expectWordEnd(inBracket: boolean, what: string): void {
    const c = this.peek();
    if (this.pos >= this.src.length || WS.has(c) || c === '\n' || c === ';' || (inBracket && c === ']')) return;
    if (c === '\\' && this.peek(1) === '\n') return;
    this.fail(`extra characters after ${what}`);
  }

  /** A {braced} group: literal text up to the matching brace; backslash-newline becomes a space. */
  braced(): string {
    const start = this.line;
    this.advance(); // {
    let depth = 1;
    let out = '';
    while (this.pos < this.src.length) {
      const c = this.advance();
      if (c === '\\') {
        const n = this.peek();
        if (n === '\n') {
          this.advance();
          while (WS.has(this.peek())) this.advance();
          out += ' ';
        } else if (n) {
          out += c + this.advance();
        } else out += c;
        continue;
      }
      if (c === '{') depth++;
      else if (c === '}') {
        depth--;
        if (depth === 0) return out;
      }
      out += c;
    }
    this.fail('missing close-brace', start);
  }

  /** Text with substitutions, up to (not including) a character for which `stop` is true. */
  parts(stop: (c: string) => boolean, inBracket: boolean): WordPart[] {
    const parts: WordPart[] = [];
    let text = '';
    const flush = () => {
      if (text) parts.push({ kind: 'text', value: text });
      text = '';
    };
    while (this.pos < this.src.length) {
      const c = this.peek();
      if (stop(c)) break;
      if (c === '\\') {
        text += this.escape();
        continue;
      }
      if (c === '$') {
        const v = this.variable(inBracket);
        if (v) {
          flush();
          parts.push(v);
        } else text += this.advance();
        continue;
      }
      if (c === '[') {
        this.advance();
        flush();
        parts.push({ kind: 'cmd', commands: this.script(true) });
        continue;
      }
      text += this.advance();
    }
    flush();
    return parts;
  }

  escape(): string {
    this.advance(); // backslash
    const c = this.peek();
    if (!c) return '\\';
    if (c === '\n') {
      this.advance();
      while (WS.has(this.peek())) this.advance();
      return ' ';
    }
    this.advance();
    switch (c) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case 'a': return '\x07';
      case 'b': return '\b';
      case 'f': return '\f';
      case 'v': return '\v';
      case 'x': {
        const m = /^[0-9a-fA-F]{1,2}/.exec(this.src.slice(this.pos));
        if (!m) return 'x';
        this.pos += m[0].length;
        return String.fromCharCode(parseInt(m[0], 16));
      }
      case 'u': {
        const m = /^[0-9a-fA-F]{1,4}/.exec(this.src.slice(this.pos));
        if (!m) return 'u';
        this.pos += m[0].length;
        return String.fromCharCode(parseInt(m[0], 16));
      }
      default: return c;
    }
  }

  variable(inBracket: boolean): WordPart | undefined {
    const rest = this.src.slice(this.pos + 1);
    if (rest.startsWith('{')) {
      const end = rest.indexOf('}');
      if (end < 0) this.fail('missing close-brace for variable name');
      this.pos += 2 + end;
      return { kind: 'var', name: rest.slice(1, end) };
    }
    const m = /^(?:::)?[A-Za-z0-9_]+(?:::[A-Za-z0-9_]+)*/.exec(rest);
    if (!m) return undefined;
    this.pos += 1 + m[0].length;
    const name = m[0].replace(/^::/, '');
    if (this.peek() === '(') {
      this.advance();
      const index = this.parts((ch) => ch === ')', inBracket);
      if (this.peek() !== ')') this.fail('missing ) in array reference');
      this.advance();
      return { kind: 'var', name, index };
    }
    return { kind: 'var', name };
  }
}

/** Split a Tcl list value into its elements (braces and quotes group; backslashes escape). */
export function splitTclList(value: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = value.length;
  while (i < n) {
    while (i < n && /\s/.test(value[i])) i++;
    if (i >= n) break;
    if (value[i] === '{') {
      let depth = 1;
      let j = i + 1;
      let s = '';
      while (j < n && depth > 0) {
        const c = value[j];
        if (c === '\\' && j + 1 < n) {
          s += c + value[j + 1];
          j += 2;
          continue;
        }
        if (c === '{') depth++;
        else if (c === '}' && --depth === 0) break;
        s += c;
        j++;
      }
      out.push(s);
      i = j + 1;
    } else if (value[i] === '"') {
      let j = i + 1;
      let s = '';
      while (j < n && value[j] !== '"') {
        if (value[j] === '\\' && j + 1 < n) j++;
        s += value[j++];
      }
      out.push(s);
      i = j + 1;
    } else {
      let s = '';
      while (i < n && !/\s/.test(value[i])) {
        if (value[i] === '\\' && i + 1 < n) i++;
        s += value[i++];
      }
      out.push(s);
    }
  }
  return out;
}

/** Format strings as a Tcl list (the inverse of splitTclList for simple values). */
export function joinTclList(items: string[]): string {
  return items.map((s) => (s === '' ? '{}' : /[\s{}"\\;$[\]]/.test(s) ? `{${s}}` : s)).join(' ');
}
