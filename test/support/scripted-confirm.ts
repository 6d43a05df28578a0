import type { ConfirmDialog, ConfirmQuestion } from '../../src/main/core/services.ts';

/** Main's confirmation dialog, answered by the test: it keeps every question it was asked. */
export class ScriptedConfirm implements ConfirmDialog {
  answer = false;
  readonly asked: ConfirmQuestion[] = [];

  confirm(question: ConfirmQuestion): Promise<boolean> {
    this.asked.push(question);
    return Promise.resolve(this.answer);
  }
}
