import type { Block, Inline, ParagraphProps, RunProps } from '../model.js';

/** Collects inlines into paragraphs; HTML white space collapses (CSS 2.1 §16.6.1). */
export class BlockBuilder {
  private readonly blocks: Block[] = [];
  private inlines: Inline[] = [];
  private props: ParagraphProps | undefined;

  constructor(private readonly base: ParagraphProps) {}

  start(props: ParagraphProps): void {
    this.flush();
    this.props = props;
  }

  hasContent(): boolean {
    return this.inlines.length > 0;
  }

  text(raw: string, run: RunProps, para: ParagraphProps): void {
    let text = raw.replace(/[ \t\n\r\f]+/g, ' ');
    const last = this.inlines[this.inlines.length - 1];
    if (
      this.inlines.length === 0 ||
      last?.type === 'break' ||
      (last?.type === 'text' && last.text.endsWith(' '))
    ) {
      text = text.replace(/^ /, '');
    }
    if (text === '') return;
    this.props ??= para;
    if (last?.type === 'text' && last.props === run) last.text += text;
    else this.inlines.push({ type: 'text', text, props: run });
  }

  inline(inline: Inline, para: ParagraphProps): void {
    this.props ??= para;
    this.inlines.push(inline);
  }

  block(block: Block): void {
    this.flush();
    this.blocks.push(block);
  }

  flush(): void {
    const last = this.inlines[this.inlines.length - 1];
    if (last?.type === 'text') {
      last.text = last.text.replace(/ $/, '');
      if (last.text === '') this.inlines.pop();
    }
    if (this.inlines.length > 0 || this.props?.listLabel) {
      this.blocks.push({ type: 'paragraph', props: this.props ?? this.base, children: this.inlines });
    }
    this.inlines = [];
    this.props = undefined;
  }

  finish(): Block[] {
    this.flush();
    return this.blocks;
  }
}
