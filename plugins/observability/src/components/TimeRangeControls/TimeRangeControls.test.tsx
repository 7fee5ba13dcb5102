import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { TimeRangeControls } from './TimeRangeControls';

async function choose(label: RegExp, option: string) {
  fireEvent.mouseDown(screen.getByRole('button', { name: label }));
  fireEvent.click(within(await screen.findByRole('listbox')).getByText(option));
  await waitFor(() =>
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument(),
  );
}

describe('TimeRangeControls', () => {
  it('switches between relative ranges, keeping the refresh setting', async () => {
    const onChange = jest.fn();
    await renderInTestApp(
      <TimeRangeControls
        value={{ kind: 'relative', range: '1h', refresh: '1m' }}
        onChange={onChange}
      />,
    );
    expect(
      screen.getByRole('button', { name: /^Time range/ }),
    ).toHaveTextContent('Last hour');

    await choose(/^Time range/, 'Last 7 days');
    expect(onChange).toHaveBeenLastCalledWith({
      kind: 'relative',
      range: '7d',
      refresh: '1m',
    });
  });

  it('turns auto-refresh on, keeping the range', async () => {
    const onChange = jest.fn();
    await renderInTestApp(
      <TimeRangeControls
        value={{ kind: 'absolute', from: 1000, to: 2000, refresh: 'off' }}
        onChange={onChange}
      />,
    );
    expect(
      screen.getByTestId('observability-custom-range'),
    ).toBeInTheDocument();

    await choose(/^Auto-refresh/, 'Every 30s');
    expect(onChange).toHaveBeenLastCalledWith({
      kind: 'absolute',
      from: 1000,
      to: 2000,
      refresh: '30s',
    });
  });

  it('is operable from the keyboard', async () => {
    const onChange = jest.fn();
    await renderInTestApp(
      <TimeRangeControls
        value={{ kind: 'relative', range: '1h', refresh: 'off' }}
        onChange={onChange}
      />,
    );
    const button = screen.getByRole('button', { name: /^Time range/ });
    button.focus();
    fireEvent.keyDown(button, { key: 'ArrowDown' });
    const listbox = await screen.findByRole('listbox');
    fireEvent.keyDown(within(listbox).getByText('Last 6 hours'), {
      key: 'Enter',
    });
    await waitFor(() =>
      expect(onChange).toHaveBeenCalledWith({
        kind: 'relative',
        range: '6h',
        refresh: 'off',
      }),
    );
  });
});
