import { getServerT } from '@/app/_server/i18n';
import { WIZARD_STEPS, type WizardStep } from '@/lib/import/wizard/routes';

/** The four steps of the bulk import, the current one marked for assistive technology. */
export async function WizardSteps({ current }: { current: WizardStep }) {
  const t = await getServerT();
  const currentIndex = WIZARD_STEPS.indexOf(current);
  return (
    <nav aria-label={t('wizard.stepsLabel')}>
      <ol className="wizard-steps">
        {WIZARD_STEPS.map((step, index) => (
          <li
            key={step}
            aria-current={step === current ? 'step' : undefined}
            className={index < currentIndex ? 'done' : index === currentIndex ? 'current' : undefined}
          >
            {t('wizard.stepNumber', { number: index + 1 })} {t(`wizard.steps.${step}`)}
          </li>
        ))}
      </ol>
    </nav>
  );
}
