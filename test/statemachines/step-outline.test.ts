import { JOBNET_STEPS } from '../../contract/jobnet-steps';
import { JOBNETS, type JobnetName } from '../../contract/jobnets';
import { readDefinitionText } from '../../statemachines/definitions';
import { stepOutline } from '../../statemachines/step-outline';

describe('the step catalogue of the contract', () => {
  it.each(Object.keys(JOBNETS) as JobnetName[])(
    'lists the Task and Map states of the %s definition, in order',
    (jobnet) => {
      const outline = stepOutline(JSON.parse(readDefinitionText(jobnet)));
      const catalogue = JOBNET_STEPS[jobnet].map(({ label: _label, ...step }) => step);
      expect(catalogue).toEqual(outline);
    },
  );

  it('gives every step a label a person can read', () => {
    for (const step of Object.values(JOBNET_STEPS).flat()) {
      expect(step.label).toMatch(/^[A-Z]/);
    }
  });

  it('finds a step added to a definition', () => {
    const definition = JSON.parse(readDefinitionText('stop'));
    definition.States.StopDbCluster.Next = 'Extra';
    delete definition.States.StopDbCluster.End;
    definition.States.Extra = { Type: 'Task', Resource: 'x', End: true };
    expect(stepOutline(definition).map((s) => s.name)).toContain('Extra');
  });
});
